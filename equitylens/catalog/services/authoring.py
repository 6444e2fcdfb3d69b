"""Writing activities: create, edit and duplicate, each in one transaction.

Every screen or command that writes an activity's details calls these functions;
they own the rules, the transaction and the audit log. Status is never written
here: it changes only through catalog.services.lifecycle.

A refused save raises AuthoringError and changes nothing. Its `errors` map a field
to messages that say what is wrong and how to fix it. Keys are Activity field names,
"new_topics", "objectives", "credits", or ``credit_field(credit_type)`` for the
maximum of one credit offering.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q, QuerySet
from django.utils.text import slugify

from equitylens.accounts.services.organizations import accredited_provider
from equitylens.audit.services import log_action
from equitylens.catalog.models import (
    Activity,
    ActivityStatus,
    Audience,
    CreditOffering,
    LearningObjective,
    Topic,
)
from equitylens.catalog.services.authoring_rules import (
    TITLE_MAX,
    TOPIC_SLUG_MAX,
    AuthoringError,
    ObjectiveInput,
    OfferingInput,
    credit_field,
    details_problems,
    slug_taken_message,
    topic_names,
    unique_slug,
)
from equitylens.catalog.services.credits import default_unit

__all__ = [
    "DETAIL_FIELDS",
    "AuthoringError",
    "ObjectiveInput",
    "OfferingInput",
    "coordinator_activities",
    "credit_field",
    "duplicate_activity",
    "save_activity",
    "topic_names",
    "unique_slug",
]

# The Activity fields save_activity writes from its `data` (besides the many-to-many ones).
DETAIL_FIELDS = (
    "title",
    "slug",
    "summary",
    "description",
    "target_audience",
    "format",
    "duration_minutes",
    "starts_on",
    "ends_on",
    "audience",
    "joint_provider",
    "bookable_privately",
    "attendance_code_days",
    "contact_name",
    "contact_email",
)


def save_activity(
    activity: Activity | None,
    data: Mapping[str, Any],
    objectives: Sequence[str | ObjectiveInput],
    offerings: Sequence[OfferingInput],
    by: Any,
) -> Activity:
    """Create (`activity` None) or update an activity with its topics, objectives and credit.

    `data` holds DETAIL_FIELDS plus "topics" (Topic objects), "new_topics" (names,
    comma-separated; created if missing) and "internal_organizations" (kept only for
    an internal audience). A blank slug becomes one made from the title (new
    activities) or stays as it was (existing ones). Objectives are saved in the order
    given, blanks dropped; offerings with no amount are removed.

    Rules (AuthoringError lists every one broken, and nothing is written):
    the slug is unused and, once the activity has opened, unchanged; credit amounts
    follow catalog.services.credits; an enduring material's approval period follows
    catalog.services.lifecycle; a live activity ends on or after it starts; an internal
    activity names its organizations; the joint provider is not the accredited
    provider; an open activity keeps its dates, an objective and an offering.

    New activities start in development. Logged as ``activity.created`` or
    ``activity.updated`` (with the names of the changed fields).
    """
    objective_inputs = [
        o if isinstance(o, ObjectiveInput) else ObjectiveInput(text=o) for o in objectives
    ]
    objective_inputs = [
        ObjectiveInput(text=o.text.strip(), id=o.id) for o in objective_inputs if o.text.strip()
    ]
    offered = [o for o in offerings if o.amount is not None]
    target = activity
    try:
        with transaction.atomic():
            if activity is None:
                target = _new_activity(by)
                before = None
            else:
                target = Activity.objects.select_for_update().get(pk=activity.pk)
                before = _snapshot(target)
            old_slug = target.slug
            _apply_details(target, data)
            errors = details_problems(target, old_slug, data, objective_inputs, offered)
            if errors:
                raise AuthoringError(errors)
            if before is None:
                target.save()
            else:
                target.save(update_fields=[*DETAIL_FIELDS, "updated_at"])
            topics = [*data.get("topics", []), *_topics_named(data.get("new_topics", ""))]
            target.topics.set(topics)
            internal = target.audience == Audience.INTERNAL
            target.internal_organizations.set(
                list(data.get("internal_organizations", [])) if internal else []
            )
            _write_objectives(target, objective_inputs)
            _write_offerings(target, offered)
            if before is None:
                log_action(by, "activity.created", target)
            else:
                after = _snapshot(target)
                changed = [key for key in after if after[key] != before[key]]
                if changed:
                    log_action(by, "activity.updated", target, changed=changed)
    except IntegrityError as error:
        # Another save took the same slug between our check and our write.
        assert target is not None
        if Activity.objects.filter(slug=target.slug).exclude(pk=target.pk).exists():
            raise AuthoringError({"slug": [slug_taken_message(target.slug, None)]}) from error
        raise
    assert target is not None
    if activity is not None:
        activity.refresh_from_db()
    return target


@transaction.atomic
def duplicate_activity(activity: Activity, by: Any) -> Activity:
    """Copy `activity` into a new activity in development, titled "Copy of …".

    The copy gets a fresh unique slug and the same details, topics, audience
    organizations, learning objectives (in order) and credit offerings. Logged as
    ``activity.duplicated`` on the copy, naming the original.
    """
    source = Activity.objects.select_related("provider").get(pk=activity.pk)
    copy = Activity(
        **{field: getattr(source, field) for field in DETAIL_FIELDS},
        provider=source.provider,
        status=ActivityStatus.IN_DEVELOPMENT,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    copy.title = f"Copy of {source.title}"[:TITLE_MAX]
    copy.slug = unique_slug(f"copy-of-{source.slug}")
    copy.save()
    copy.topics.set(source.topics.all())
    copy.internal_organizations.set(source.internal_organizations.all())
    LearningObjective.objects.bulk_create(
        LearningObjective(activity=copy, position=o.position, text=o.text)
        for o in source.objectives.all()
    )
    CreditOffering.objects.bulk_create(
        CreditOffering(
            activity=copy,
            credit_type=o.credit_type,
            amount=o.amount,
            unit=o.unit,
            self_assessment=o.self_assessment,
            eligible_professions=list(o.eligible_professions),
        )
        for o in source.credit_offerings.all()
    )
    log_action(by, "activity.duplicated", copy, source_id=source.pk, source_title=source.title)
    return copy


def coordinator_activities(
    text: str = "", status: str = "", format: str = ""
) -> QuerySet[Activity]:
    """Every activity for the back office list, any status or audience, by title.

    `text` matches title, slug, summary and topic names (every word must match).
    """
    queryset = Activity.objects.all()
    if status:
        queryset = queryset.filter(status=status)
    if format:
        queryset = queryset.filter(format=format)
    for word in text.split()[:8]:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(slug__icontains=word)
            | Q(summary__icontains=word)
            | Q(topics__name__icontains=word)
        )
    return (
        Activity.objects.filter(id__in=queryset.values("id"))
        .select_related("joint_provider")
        .prefetch_related("credit_offerings", "internal_organizations")
        .order_by("title", "id")
    )


def _new_activity(by: Any) -> Activity:
    provider = accredited_provider()
    if provider is None:
        raise AuthoringError(
            {"__all__": ["Set up the accredited provider organization before adding activities."]}
        )
    return Activity(
        provider=provider,
        status=ActivityStatus.IN_DEVELOPMENT,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )


def _apply_details(target: Activity, data: Mapping[str, Any]) -> None:
    for field in DETAIL_FIELDS:
        if field == "slug":
            continue
        value = data.get(field)
        if isinstance(value, str):
            value = value.strip()
        if field in {"description", "target_audience"} and value is None:
            value = ""
        if field == "bookable_privately":
            value = bool(value)
        if field == "attendance_code_days" and value is None:
            continue  # not asked (e.g. enduring material): keep what is stored
        setattr(target, field, value)
    slug = (data.get("slug") or "").strip()
    if slug:
        target.slug = slug
    elif not target.pk:
        target.slug = unique_slug(target.title or "")


def _topics_named(text: str) -> list[Topic]:
    topics = []
    for name in topic_names(text or ""):
        slug = slugify(name)[:TOPIC_SLUG_MAX].strip("-")
        topic = Topic.objects.filter(Q(name__iexact=name) | Q(slug=slug)).first()
        if topic is None:
            topic = Topic.objects.create(name=name, slug=slug)
        topics.append(topic)
    return topics


def _write_objectives(activity: Activity, objectives: list[ObjectiveInput]) -> None:
    existing = {o.pk: o for o in activity.objectives.all()}
    keep = {o.id for o in objectives if o.id in existing}
    activity.objectives.exclude(pk__in=keep).delete()
    # Move kept rows out of the way first: (activity, position) is unique, and
    # PostgreSQL checks that row by row during an UPDATE.
    highest = activity.objectives.aggregate(m=Max("position"))["m"] or 0
    activity.objectives.update(position=F("position") + highest + len(objectives) + 1)
    used: set[int] = set()
    for position, item in enumerate(objectives, start=1):
        if item.id in keep and item.id not in used:
            assert item.id is not None
            used.add(item.id)
            row = existing[item.id]
            row.position, row.text = position, item.text
            row.save(update_fields=["position", "text"])
        else:
            LearningObjective.objects.create(activity=activity, position=position, text=item.text)


def _write_offerings(activity: Activity, offerings: list[OfferingInput]) -> None:
    activity.credit_offerings.exclude(credit_type__in=[o.credit_type for o in offerings]).delete()
    for offering in offerings:
        assert offering.amount is not None
        CreditOffering.objects.update_or_create(
            activity=activity,
            credit_type=offering.credit_type,
            defaults={
                "amount": offering.amount,
                "unit": offering.unit or default_unit(offering.credit_type),
                "self_assessment": offering.self_assessment,
                "eligible_professions": list(offering.eligible_professions),
            },
        )


def _snapshot(activity: Activity) -> dict[str, Any]:
    """What an edit may change, comparable before and after."""
    values: dict[str, Any] = {f: str(getattr(activity, f)) for f in DETAIL_FIELDS}
    values["topics"] = sorted(activity.topics.values_list("name", flat=True))
    values["internal_organizations"] = sorted(
        activity.internal_organizations.values_list("pk", flat=True)
    )
    values["objectives"] = list(activity.objectives.values_list("text", flat=True))
    values["credit_offerings"] = sorted(
        (o.credit_type, str(o.amount), o.unit, o.self_assessment, sorted(o.eligible_professions))
        for o in activity.credit_offerings.all()
    )
    return values

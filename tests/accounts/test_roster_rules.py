"""Roster import rules (services.roster): check everything first, import all or nothing, once."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from equitylens.accounts.models import (
    Membership,
    MembershipRole,
    MembershipSource,
    RosterImport,
    User,
)
from equitylens.accounts.services.roster import RosterInvalid, import_roster, read_roster
from equitylens.audit.models import LogEntry
from tests.factories import make_membership, make_organization, make_user

pytestmark = pytest.mark.django_db

GOOD = (
    "email,first_name,last_name,role\n"
    "maya.chen@riverbendhealth.example,Maya,Chen,member\n"
    "priya.patel@riverbendhealth.example,Priya,Patel,org_admin\n"
    "jo.kim@riverbendhealth.example,Jo,Kim,\n"
)


def problems_of(text: str | bytes) -> list[tuple[int, str]]:
    with pytest.raises(RosterInvalid) as raised:
        read_roster(text)
    return [(p.line, p.field) for p in raised.value.problems]


def test_a_valid_roster_creates_unverified_passwordless_accounts_and_roster_memberships():
    org, admin = make_organization(), make_user()
    result = import_roster(org, GOOD.encode(), filename="staff.csv", by=admin)

    assert (result.created_users, result.created_members) == (3, 3)
    maya = User.objects.get(email="maya.chen@riverbendhealth.example")
    assert (maya.first_name, maya.last_name) == ("Maya", "Chen")
    assert not maya.has_usable_password()
    assert not EmailAddress.objects.get(user=maya).verified
    roles = dict(Membership.objects.filter(organization=org).values_list("user__email", "role"))
    assert roles == {
        "maya.chen@riverbendhealth.example": MembershipRole.MEMBER,
        "priya.patel@riverbendhealth.example": MembershipRole.ORG_ADMIN,
        "jo.kim@riverbendhealth.example": MembershipRole.MEMBER,
    }
    assert set(Membership.objects.filter(organization=org).values_list("source", flat=True)) == {
        MembershipSource.ROSTER
    }
    record = RosterImport.objects.get()
    assert (record.filename, record.rows, record.created_members, record.imported_by) == (
        "staff.csv", 3, 3, admin,
    )  # fmt: skip
    entry = LogEntry.objects.get(action="roster.imported")
    assert entry.actor == admin and entry.data["created_users"] == 3


def test_every_problem_is_listed_with_line_field_and_reason():
    text = (
        "email,first_name,last_name,role\n"
        "not-an-address,Maya,Chen,member\n"  # line 2: bad e-mail
        "jo@example.org,,Kim,\n"  # line 3: missing first name
        "sam@example.org,Sam,Rivera,admin\n"  # line 4: unknown role
        "JO@example.org,Jo,Kim,member\n"  # line 5: duplicate of line 3
    )
    with pytest.raises(RosterInvalid) as raised:
        read_roster(text)
    problems = raised.value.problems
    assert [(p.line, p.field) for p in problems] == [
        (2, "email"), (3, "first_name"), (4, "role"), (5, "email"),
    ]  # fmt: skip
    assert "not an e-mail address" in problems[0].reason
    assert "first name is missing" in problems[1].reason
    assert "unknown role “admin”" in problems[2].reason and "org_admin" in problems[2].reason
    assert "duplicate in file" in problems[3].reason and "line 3" in problems[3].reason
    assert str(problems[0]).startswith("Line 2, email:")


def test_nothing_is_imported_when_any_row_is_bad():
    org, admin = make_organization(), make_user()
    users_before = User.objects.count()
    bad = GOOD + "broken-address,Bad,Row,member\n"
    with pytest.raises(RosterInvalid):
        import_roster(org, bad, filename="staff.csv", by=admin)
    assert User.objects.count() == users_before
    assert not Membership.objects.filter(organization=org).exists()
    assert not RosterImport.objects.exists()


def test_a_missing_column_header_is_reported_on_line_one():
    assert problems_of("email,first_name\na@example.org,A\n") == [(1, "last_name")]
    assert problems_of("mail,first_name,last_name\n") == [(1, "email")]


def test_empty_files_and_header_only_files_are_refused():
    assert problems_of("") == [(1, "file")]
    assert problems_of("email,first_name,last_name\n") == [(2, "file")]


def test_a_file_that_is_not_utf8_is_refused_with_the_fix():
    with pytest.raises(RosterInvalid) as raised:
        read_roster("email,first_name,last_name\nzoë@example.org,Zoë,Ä\n".encode("utf-16"))
    assert "CSV UTF-8" in raised.value.problems[0].reason


def test_spreadsheet_exports_with_bom_semicolons_and_spaced_headers_are_read():
    text = "\ufeffE-mail;First name;Last name;Role\r\nana@example.org;Ana;López;\r\n"
    # "E-mail" is not "email": the header must use the documented column names.
    assert problems_of(text) == [(1, "email")]
    rows = read_roster("\ufeffemail;First name;Last name;Role\r\nana@example.org;Ana;López;\r\n")
    assert [(r.email, r.first_name, r.last_name, r.role) for r in rows] == [
        ("ana@example.org", "Ana", "López", MembershipRole.MEMBER)
    ]


def test_re_importing_the_same_file_adds_nobody_twice():
    org, admin = make_organization(), make_user()
    import_roster(org, GOOD, filename="staff.csv", by=admin)
    counts = (User.objects.count(), Membership.objects.count())

    again = import_roster(org, GOOD, filename="staff.csv", by=admin)

    assert (User.objects.count(), Membership.objects.count()) == counts
    assert (again.created_users, again.created_members, again.already_members) == (0, 0, 3)
    assert RosterImport.objects.count() == 2


def test_an_existing_person_is_matched_by_e_mail_and_keeps_their_own_name():
    org, admin = make_organization(), make_user()
    maya = make_user(
        email="maya.chen@riverbendhealth.example", first_name="Maya", last_name="Chen-Ortiz"
    )
    import_roster(org, GOOD.replace("maya.chen@", "Maya.Chen@"), filename="r.csv", by=admin)
    maya.refresh_from_db()
    assert maya.last_name == "Chen-Ortiz"
    assert Membership.objects.get(user=maya).organization == org
    assert User.objects.filter(email__iexact="maya.chen@riverbendhealth.example").count() == 1


def test_a_roster_can_make_a_member_an_admin_but_never_removes_admin_rights():
    org, admin = make_organization(), make_user()
    priya = make_user(email="priya.patel@riverbendhealth.example")
    maya = make_user(email="maya.chen@riverbendhealth.example")
    make_membership(priya, org, role=MembershipRole.MEMBER, source=MembershipSource.SSO)
    make_membership(maya, org, role=MembershipRole.ORG_ADMIN, source=MembershipSource.MANUAL)

    result = import_roster(org, GOOD, filename="r.csv", by=admin)

    assert result.promoted_admins == 1
    assert Membership.objects.get(user=priya).role == MembershipRole.ORG_ADMIN
    assert Membership.objects.get(user=maya).role == MembershipRole.ORG_ADMIN
    assert Membership.objects.get(user=priya).source == MembershipSource.SSO

"""A person: one account per e-mail address, with the profile credit and MOC need."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models


class Credential(models.TextChoices):
    MD = "MD", "MD"
    DO = "DO", "DO"
    RN = "RN", "RN"
    NP = "NP", "NP"
    PA = "PA", "PA"
    PHARMD = "PharmD", "PharmD"
    PHD = "PhD", "PhD"
    OTHER = "other", "Other"


class Profession(models.TextChoices):
    """Who may claim which credit is decided by profession (see catalog.CreditOffering)."""

    PHYSICIAN = "physician", "Physician"
    NURSE = "nurse", "Nurse"
    OTHER_CLINICIAN = "other_clinician", "Other clinician"
    OTHER = "other", "Other"


class CertifyingBoard(models.TextChoices):
    """ABMS member boards that accept MOC through ACCME's PARS."""

    ABIM = "ABIM", "American Board of Internal Medicine (ABIM)"
    ABA = "ABA", "American Board of Anesthesiology (ABA)"
    ABP = "ABP", "American Board of Pediatrics (ABP)"
    ABPATH = "ABPath", "American Board of Pathology (ABPath)"
    ABS = "ABS", "American Board of Surgery (ABS)"
    ABOS = "ABOS", "American Board of Orthopaedic Surgery (ABOS)"
    ABOHNS = "ABOHNS", "American Board of Otolaryngology – Head and Neck Surgery (ABOHNS)"
    ABTS = "ABTS", "American Board of Thoracic Surgery (ABTS)"


class UserManager(BaseUserManager["User"]):
    """Creates users keyed by e-mail; there are no usernames."""

    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A learner, coordinator, facilitator or admin. The e-mail address is the identity."""

    username = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)

    credentials = models.JSONField(
        default=list, blank=True, help_text="Degrees and credentials, e.g. ['MD', 'PhD']."
    )
    profession = models.CharField(max_length=20, choices=Profession.choices, blank=True)
    specialty = models.CharField(max_length=120, blank=True)
    npi = models.CharField(
        "NPI",
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^\d{10}$", "An NPI is 10 digits.")],
    )
    profile_completed_at = models.DateTimeField(null=True, blank=True)

    # Needed only for MOC reporting through PARS; asked for when the learner opts in.
    birth_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    birth_day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    moc_consent_at = models.DateTimeField(null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return name or self.email

    @property
    def has_complete_profile(self) -> bool:
        return self.profile_completed_at is not None


class Licence(models.Model):
    """A state licence, used for state implicit-bias training requirements."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="licences")
    state = models.CharField(
        max_length=2, validators=[RegexValidator(r"^[A-Z]{2}$", "Use the 2-letter state code.")]
    )
    number = models.CharField(max_length=40)

    class Meta:
        ordering = ["state"]
        constraints = [
            models.UniqueConstraint(fields=["user", "state"], name="one_licence_per_state"),
        ]

    def __str__(self) -> str:
        return f"{self.state} {self.number}"


class BoardCertification(models.Model):
    """A learner's certifying board and diplomate ID, reported to PARS for MOC."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="board_certifications")
    board = models.CharField(max_length=10, choices=CertifyingBoard.choices)
    board_id = models.CharField("board ID (diplomate number)", max_length=20)

    class Meta:
        ordering = ["board"]
        constraints = [
            models.UniqueConstraint(fields=["user", "board"], name="one_id_per_board"),
        ]

    def __str__(self) -> str:
        return f"{self.board} {self.board_id}"

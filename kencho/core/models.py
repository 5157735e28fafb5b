"""Organisation, people and the audit log: what every module stands on."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .i18n import in_language


class OrgUnit(models.Model):
    """A unit of the organisation: 部局 > 課 > 係. `path` holds the codes from the root so that a
    subtree is one indexed prefix query."""

    class Level(models.TextChoices):
        DEPARTMENT = "department", _("部局")
        DIVISION = "division", _("課")
        SECTION = "section", _("係")

    code = models.CharField(_("所属コード"), max_length=20, unique=True)
    name_ja = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英語名称"), max_length=150, blank=True)
    level = models.CharField(_("階層"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上位所属"),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    is_active = models.BooleanField(_("有効"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("所属")
        verbose_name_plural = _("所属")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_ja, self.name_en)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("kind", User.Kind.STAFF)
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("email_verified_at", timezone.now())
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who logs in: staff (職員), residents (県民) and members of businesses (事業者)."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("職員")
        RESIDENT = "resident", _("県民")
        BUSINESS = "business", _("事業者")

    email = models.EmailField(_("メールアドレス"), unique=True)
    display_name = models.CharField(_("氏名"), max_length=100, blank=True)
    kind = models.CharField(_("利用者区分"), max_length=20, choices=Kind.choices, default=Kind.RESIDENT)
    preferred_language = models.CharField(
        _("使用言語"), max_length=8, choices=[("ja", "日本語"), ("en", "English")], default="ja"
    )
    email_verified_at = models.DateTimeField(_("メール確認日時"), null=True, blank=True)
    is_staff = models.BooleanField(_("管理画面の利用"), default=False)
    is_active = models.BooleanField(_("有効"), default=True)
    date_joined = models.DateTimeField(_("登録日時"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("利用者")
        verbose_name_plural = _("利用者")

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def is_government_staff(self) -> bool:
        return self.kind == self.Kind.STAFF


class Membership(models.Model):
    """A staff member's place in a unit, with a role. Dated so that personnel changes (人事異動) keep
    history and routing can be resolved on a given day."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("担当")
        APPROVER = "approver", _("承認者")
        ADMIN = "admin", _("管理者")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("役割"), max_length=20, choices=Role.choices)
    title = models.CharField(_("職名"), max_length=50, blank=True)
    valid_from = models.DateField(_("開始日"), default=timezone.localdate)
    valid_until = models.DateField(_("終了日"), null=True, blank=True)

    class Meta:
        verbose_name = _("所属メンバー")
        verbose_name_plural = _("所属メンバー")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role", "valid_from"], name="membership_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit} ({self.get_role_display()})"


class Business(models.Model):
    """A business (事業者) identified by its 13-digit 法人番号."""

    corporate_number = models.CharField(_("法人番号"), max_length=13, unique=True)
    name = models.CharField(_("法人名"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("事業者")
        verbose_name_plural = _("事業者")

    def __str__(self) -> str:
        return self.name


class BusinessMember(models.Model):
    class Role(models.TextChoices):
        REPRESENTATIVE = "representative", _("代表者")
        STAFF = "staff", _("担当者")

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="business_memberships")
    role = models.CharField(_("役割"), max_length=20, choices=Role.choices, default=Role.STAFF)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["business", "user"], name="business_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) @ {self.business}"


class AuditEntry(models.Model):
    """One line of the append-only audit log. `entry_hash` covers this entry's content and the
    previous entry's hash, so changing or deleting any past line breaks the chain (`verify_audit`)."""

    sequence = models.BigIntegerField(unique=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor_label = models.CharField(max_length=255, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    unit_code = models.CharField(max_length=20, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("監査ログ")
        verbose_name_plural = _("監査ログ")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id}"


class LoginFailure(models.Model):
    """A failed log-in, kept in the database so that lockout holds across every app process."""

    identifier = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.identifier} {self.created_at:%Y-%m-%d %H:%M}"


class ExternalIdentity(models.Model):
    """A person's account at an external OpenID Connect provider (gBizID and the like), linked to the
    Kencho user it logs in. `subject` is the provider's stable `sub` claim, never the e-mail."""

    provider = models.CharField(_("認証プロバイダ"), max_length=50)
    subject = models.CharField(_("外部ID"), max_length=255)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    created_at = models.DateTimeField(_("連携日時"), default=timezone.now)
    last_login_at = models.DateTimeField(_("最終ログイン日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("外部認証の連携")
        verbose_name_plural = _("外部認証の連携")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="external_identity_unique_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject}"


class ApiToken(models.Model):
    """A bearer token for the REST API. Only the SHA-256 of the token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名前"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("APIトークン")
        verbose_name_plural = _("APIトークン")

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

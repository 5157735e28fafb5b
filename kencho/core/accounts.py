"""Accounts of residents and businesses: signing up, confirming the e-mail address, registering a
business by its 法人番号, and linking an external (OpenID Connect) identity.

Signing up never tells a stranger whether an address already has an account: the form always answers
"we sent you an e-mail", and the owner of an existing address gets a note saying so instead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from .audit import audit_record
from .japanese.corporate_number import normalize_corporate_number
from .mail import email_send_templated
from .models import Business, BusinessMember, ExternalIdentity, User

EMAIL_VERIFICATION_SALT = "kencho.core.accounts.email-verification"
EMAIL_VERIFICATION_MAX_AGE = timedelta(hours=48)
# One verification e-mail per account per this many seconds, whatever the resend page is asked.
RESEND_INTERVAL_SECONDS = 60


def user_can_apply(user: object) -> bool:
    """Whether `user` may submit applications: an active resident or business whose e-mail address
    has been confirmed. Staff apply through their own procedures, not as applicants."""
    return bool(
        isinstance(user, User)
        and user.is_authenticated
        and user.is_active
        and user.kind in {User.Kind.RESIDENT, User.Kind.BUSINESS}
        and user.email_verified_at is not None
    )


def _absolute(path: str) -> str:
    return str(getattr(settings, "KENCHO_BASE_URL", "http://127.0.0.1:8000")).rstrip("/") + path


# --- E-mail verification


def email_verification_token(user: User) -> str:
    """A signed token naming the user and the address it confirms; changing the address voids it."""
    return signing.TimestampSigner(salt=EMAIL_VERIFICATION_SALT).sign_object({"u": user.pk, "e": user.email})


def email_verification_send(*, user: User) -> None:
    url = _absolute(reverse("core:verify_email", args=[email_verification_token(user)]))
    email_send_templated(
        to=user.email,
        language=user.preferred_language,
        template="core/email/verify",
        context={"user": user, "url": url, "hours": int(EMAIL_VERIFICATION_MAX_AGE.total_seconds() // 3600)},
    )


class InvalidVerificationLink(Exception):
    """The link is expired ("expired") or was altered or is for an address no longer in use ("invalid")."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def email_verify(*, token: str, request: HttpRequest | None = None) -> User:
    """Confirm the address the token was made for. Confirming twice is harmless."""
    signer = signing.TimestampSigner(salt=EMAIL_VERIFICATION_SALT)
    try:
        data = signer.unsign_object(token, max_age=EMAIL_VERIFICATION_MAX_AGE)
    except signing.SignatureExpired:
        raise InvalidVerificationLink("expired") from None
    except signing.BadSignature:
        raise InvalidVerificationLink("invalid") from None
    user_id, email = (data.get("u"), data.get("e")) if isinstance(data, dict) else (None, None)
    if not isinstance(user_id, int) or not isinstance(email, str):
        raise InvalidVerificationLink("invalid")
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id, email=email).first()
        if user is None:
            raise InvalidVerificationLink("invalid")
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
            audit_record(action="core.email_verified", actor=user, obj=user, request=request)
    return user


def email_verification_resend(*, email: str) -> None:
    """Send a new link if `email` belongs to an active account still unconfirmed; otherwise nothing."""
    user = User.objects.filter(
        email=email.strip().lower(), is_active=True, email_verified_at__isnull=True
    ).first()
    if user is None or user.kind == User.Kind.STAFF:
        return
    if cache.add(f"kencho.core.verify-resend:{user.pk}", 1, RESEND_INTERVAL_SECONDS):
        email_verification_send(user=user)


# --- Signing up


def _existing_address_notify(*, user: User) -> None:
    email_send_templated(
        to=user.email,
        language=user.preferred_language,
        template="core/email/already_registered",
        context={
            "user": user,
            "login_url": _absolute(reverse("core:login")),
            "reset_url": _absolute(reverse("core:password_reset")),
        },
    )


def _user_create(
    *, email: str, password: str | None, display_name: str, preferred_language: str, kind: str
) -> User | None:
    """The new user, or None when the address is taken (also when another request took it just now)."""
    if User.objects.filter(email=email).exists():
        return None
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email, password, display_name=display_name, preferred_language=preferred_language, kind=kind
            )
    except IntegrityError:
        return None


def resident_signup(
    *,
    email: str,
    password: str,
    display_name: str,
    preferred_language: str,
    request: HttpRequest | None = None,
) -> User | None:
    """Create a resident's account and send the verification e-mail. Returns None (and tells the
    address's owner) when the address already has an account."""
    email = email.strip().lower()
    with transaction.atomic():
        user = _user_create(
            email=email,
            password=password,
            display_name=display_name,
            preferred_language=preferred_language,
            kind=User.Kind.RESIDENT,
        )
        if user is None:
            existing = User.objects.get(email=email)
            _existing_address_notify(user=existing)
            return None
        audit_record(
            action="core.user_signed_up", actor=user, obj=user, detail={"kind": user.kind}, request=request
        )
        email_verification_send(user=user)
    return user


class BusinessAlreadyRegistered(Exception):
    """A business with this 法人番号 has an account; its representative adds further members."""

    @property
    def message(self) -> str:
        return gettext(
            "この法人番号の事業者は既に登録されています。追加の担当者の登録は、"
            "登録済みの代表者にお問い合わせください。"
        )


def business_signup(
    *,
    corporate_number: str,
    business_name: str,
    email: str,
    password: str,
    display_name: str,
    preferred_language: str,
    request: HttpRequest | None = None,
) -> User | None:
    """Register a business and its representative's account. Raises InvalidCorporateNumber for a
    number that fails its check digit and BusinessAlreadyRegistered when the business has an account.
    Returns None (and tells the address's owner) when the e-mail address already has an account."""
    number = normalize_corporate_number(corporate_number)
    email = email.strip().lower()
    with transaction.atomic():
        if Business.objects.filter(corporate_number=number).exists():
            raise BusinessAlreadyRegistered(number)
        user = _user_create(
            email=email,
            password=password,
            display_name=display_name,
            preferred_language=preferred_language,
            kind=User.Kind.BUSINESS,
        )
        if user is None:
            _existing_address_notify(user=User.objects.get(email=email))
            return None
        try:
            with transaction.atomic():
                business = Business.objects.create(corporate_number=number, name=business_name.strip())
        except IntegrityError:
            raise BusinessAlreadyRegistered(number) from None
        BusinessMember.objects.create(business=business, user=user, role=BusinessMember.Role.REPRESENTATIVE)
        audit_record(
            action="core.user_signed_up", actor=user, obj=user, detail={"kind": user.kind}, request=request
        )
        audit_record(
            action="core.business_registered",
            actor=user,
            obj=business,
            detail={"corporate_number": number, "name": business.name},
            request=request,
        )
        email_verification_send(user=user)
    return user


# --- External identities (OpenID Connect)


class ExternalLoginRefused(Exception):
    """The external identity cannot log in here; `message` says why in words the person can act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ExternalClaims:
    provider: str
    subject: str
    email: str
    email_verified: bool
    display_name: str
    user_kind: str
    corporate_number: str = ""
    business_name: str = ""


def _external_user_for(claims: ExternalClaims) -> tuple[User, bool]:
    """The user an identity logs in, and whether the identity was linked just now."""
    identity = (
        ExternalIdentity.objects.select_related("user")
        .filter(provider=claims.provider, subject=claims.subject)
        .first()
    )
    if identity is not None:
        identity.last_login_at = timezone.now()
        identity.save(update_fields=["last_login_at"])
        return identity.user, False
    if not claims.email:
        raise ExternalLoginRefused(
            gettext("認証サービスからメールアドレスが提供されなかったため、ログインできません。")
        )
    user = User.objects.filter(email=claims.email).first()
    if user is not None:
        if not claims.email_verified:
            raise ExternalLoginRefused(
                gettext(
                    "このメールアドレスのアカウントは既にあります。認証サービスでメールアドレスの確認が"
                    "済んでいないため、連携できません。"
                )
            )
        if user.kind != claims.user_kind:
            raise ExternalLoginRefused(
                gettext("このメールアドレスは別の種類のアカウントで使われているため、連携できません。")
            )
    else:
        user = User.objects.create_user(
            claims.email,
            None,
            display_name=claims.display_name[:100],
            kind=claims.user_kind,
            email_verified_at=timezone.now() if claims.email_verified else None,
        )
        audit_record(
            action="core.user_signed_up",
            actor=user,
            obj=user,
            detail={"kind": user.kind, "via": claims.provider},
        )
    ExternalIdentity.objects.create(
        provider=claims.provider, subject=claims.subject, user=user, last_login_at=timezone.now()
    )
    return user, True


def external_login_user(*, claims: ExternalClaims, request: HttpRequest | None = None) -> User:
    """The user an external identity logs in: the linked one, else an existing account with the same
    (provider-verified) address and kind, else a new account. A 法人番号 claim links the business."""
    try:
        return _external_login_user(claims=claims, request=request)
    except IntegrityError:
        # The same person's other request linked the identity (or created the account) just now:
        # this attempt finds what it wrote.
        return _external_login_user(claims=claims, request=request)


def _external_login_user(*, claims: ExternalClaims, request: HttpRequest | None) -> User:
    with transaction.atomic():
        user, linked = _external_user_for(claims)
        if not user.is_active:
            raise ExternalLoginRefused(gettext("このアカウントは利用を停止されています。"))
        if linked:
            audit_record(
                action="core.external_identity_linked",
                actor=user,
                obj=user,
                detail={"provider": claims.provider, "subject": claims.subject},
                request=request,
            )
        if claims.email_verified and user.email_verified_at is None and user.email == claims.email:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
        if claims.corporate_number and user.kind == User.Kind.BUSINESS:
            _business_link(user=user, claims=claims, request=request)
    return user


def _business_link(*, user: User, claims: ExternalClaims, request: HttpRequest | None) -> None:
    number = normalize_corporate_number(claims.corporate_number)
    business, created = Business.objects.get_or_create(
        corporate_number=number, defaults={"name": (claims.business_name or number)[:200]}
    )
    # The provider vouches that the person acts for the business. The first member is its representative.
    role = BusinessMember.Role.REPRESENTATIVE if created else BusinessMember.Role.STAFF
    _member, joined = BusinessMember.objects.get_or_create(
        business=business, user=user, defaults={"role": role}
    )
    if created:
        audit_record(
            action="core.business_registered",
            actor=user,
            obj=business,
            detail={"corporate_number": number, "name": business.name, "via": claims.provider},
            request=request,
        )
    if joined:
        audit_record(
            action="core.business_member_added",
            actor=user,
            obj=business,
            detail={"user": user.pk, "role": role, "via": claims.provider},
            request=request,
        )

"""The members of a business account (事業者のメンバー). The representative (代表者) adds members —
each gets a log-in of their own, set up from the invitation e-mail — and removes them. Every member
acts for the business (its applications and subsidy cases); only representatives manage members."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext

from .accounts import _absolute, email_verification_token
from .audit import audit_record
from .mail import email_send_templated
from .models import Business, BusinessMember, User


class MemberChangeRefused(Exception):
    """The change cannot be made; `message` says why in words the representative can act on."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def business_membership_of(user: User) -> BusinessMember | None:
    """The user's membership of their (first registered) business, or None."""
    if not user.is_authenticated:
        return None
    return BusinessMember.objects.select_related("business").filter(user=user).order_by("business_id").first()


def business_members(business: Business) -> QuerySet[BusinessMember]:
    return business.members.select_related("user").order_by("-role", "user__email")


def _check_representative(business: Business, actor: User) -> None:
    if not BusinessMember.objects.filter(
        business=business, user=actor, role=BusinessMember.Role.REPRESENTATIVE
    ).exists():
        raise MemberChangeRefused(gettext("メンバーを変更できるのは事業者の代表者だけです。"))


def business_member_add(
    *,
    business: Business,
    email: str,
    display_name: str,
    role: str,
    actor: User,
    request: HttpRequest | None = None,
) -> BusinessMember:
    """Add a member with a new log-in and send them the invitation: a link to confirm the address
    and a link to choose their password. An address that already has an account is refused (the
    person's account cannot be attached to a business without them)."""
    _check_representative(business, actor)
    email = email.strip().lower()
    if role not in BusinessMember.Role.values:
        raise MemberChangeRefused(gettext("役割を選んでください。"), "role")
    with transaction.atomic():
        if User.objects.filter(email=email).exists():
            raise MemberChangeRefused(
                gettext(
                    "このメールアドレスは既に別のアカウントで使われています。"
                    "メンバーには、まだ登録のないメールアドレスを指定してください。"
                ),
                "email",
            )
        user = User.objects.create_user(
            email,
            None,
            display_name=display_name.strip()[:100],
            kind=User.Kind.BUSINESS,
            preferred_language=actor.preferred_language,
        )
        member = BusinessMember.objects.create(business=business, user=user, role=role)
        audit_record(
            action="core.business_member_added",
            actor=actor,
            obj=business,
            detail={"user": user.pk, "email": email, "role": role},
            request=request,
        )
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        email_send_templated(
            to=user.email,
            language=user.preferred_language,
            template="core/email/business_invite",
            context={
                "user": user,
                "business": business,
                "inviter": actor,
                "verify_url": _absolute(reverse("core:verify_email", args=[email_verification_token(user)])),
                "password_url": _absolute(
                    reverse(
                        "core:password_reset_confirm", args=[uid, default_token_generator.make_token(user)]
                    )
                ),
            },
        )
    return member


def business_member_remove(
    *, member: BusinessMember, actor: User, request: HttpRequest | None = None
) -> None:
    """Remove a member from the business. Their account stays (it can no longer act for the
    business). Representatives cannot remove themselves, so a business always keeps one."""
    _check_representative(member.business, actor)
    if member.user_id == actor.pk:
        raise MemberChangeRefused(gettext("自分自身はメンバーから外せません。"))
    with transaction.atomic():
        audit_record(
            action="core.business_member_removed",
            actor=actor,
            obj=member.business,
            detail={"user": member.user_id, "email": member.user.email, "role": member.role},
            request=request,
        )
        member.delete()

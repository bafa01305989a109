"""Two-factor authentication for staff: TOTP from an authenticator app, plus one-time
backup codes (django-otp's static device).

The admin site sends every signed-in staff member who has not passed a second factor in
this session here (PortalAdminSite.admin_view), when STAFF_2FA_REQUIRED is on. The
views are reached only after the password step, which django-axes guards.

A first authenticator app is set up only through a one-time invitation that an
administrator issues (`invitation_issue`, from the admin or `manage.py invite_staff`) and
that expires after STAFF_2FA_INVITATION_HOURS: a password alone never lets someone enrol
their own device. Replacing a device needs a session that passed the second factor.
"""

import datetime
import functools
import hashlib
import secrets
from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.core.security.invitations import TwoFactorInvitation

BACKUP_CODES_SESSION_KEY = "two_factor_new_backup_codes"
INVITATION_SESSION_KEY = "two_factor_invitation"


def is_required(request):
    """True when this request's user must pass a second factor before using the admin."""
    user = getattr(request, "user", None)
    if not settings.STAFF_2FA_REQUIRED or user is None:
        return False
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified and is_verified())


def staff_page(permission):
    """For a staff page outside the admin (the story preview): the admin's own guard
    (signed in, staff, second factor passed) plus `permission`, else 403."""

    def decorator(view):
        @functools.wraps(view)
        def permitted(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return admin.site.admin_view(permitted)

    return decorator


def confirmed_devices(user):
    return [
        *TOTPDevice.objects.devices_for_user(user, confirmed=True),
        *StaticDevice.objects.devices_for_user(user, confirmed=True),
    ]


@transaction.atomic
def backup_codes_reset(*, user, count=None):
    """Replace the user's backup codes with fresh ones and return them (shown once)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Backup codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(count or settings.STAFF_BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_issue(*, user, by=None):
    """A one-time invitation for `user` to set up an authenticator app, replacing any
    unused one. Returns the invitation and its link; only the token's hash is stored,
    so the link is shown once."""
    TwoFactorInvitation.objects.filter(user=user, used_at=None).delete()
    token = secrets.token_urlsafe(32)
    invitation = TwoFactorInvitation.objects.create(
        user=user,
        token_hash=_token_hash(token),
        expires_at=timezone.now() + datetime.timedelta(hours=settings.STAFF_2FA_INVITATION_HOURS),
        created_by=by,
    )
    return invitation, settings.SITE_URL + reverse("admin:two_factor_enrol", args=[token])


def _session_invitation(request):
    """The usable invitation opened in this session for the signed-in user, or None."""
    pk = request.session.get(INVITATION_SESSION_KEY)
    if pk is None:
        return None
    return TwoFactorInvitation.objects.usable().filter(pk=pk, user=request.user).first()


def qr_svg(data):
    """The QR code as inline <svg> markup: no image request, no inline style or script."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    # Built by qrcode from our own URI: only <svg> and <path> elements.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "").strip()


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return reverse("admin:index")


def _staff_only(request, site):
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return redirect(f"{reverse('admin:login', current_app=site.name)}?next={request.path}")
    return None


def verify(request, site):
    """Ask for a code from the user's authenticator app or a backup code."""
    if (refused := _staff_only(request, site)) is not None:
        return refused
    devices = confirmed_devices(request.user)
    if not devices:
        return redirect("admin:two_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        # django-otp makes each device wait longer after every wrong code.
        if not any(device.verify_is_allowed()[0] for device in devices):
            form.add_error("token", "Too many wrong codes. Wait a minute, then try again.")
            devices = []
        for device in devices:
            if device.verify_is_allowed()[0] and device.verify_token(token):
                django_otp.login(request, device)
                if isinstance(device, StaticDevice):
                    left = device.token_set.count()
                    messages.warning(
                        request, f"You used a backup code. {left} backup code(s) left."
                    )
                return redirect(_next_url(request))
        if not form.errors:
            form.add_error("token", "That code is not right, or has expired. Try the next one.")
    context = {
        **site.each_context(request),
        "title": "Enter your security code",
        "form": form,
        "next": _next_url(request),
    }
    return TemplateResponse(request, "admin/core/two_factor_verify.html", context)


def enrol(request, site, token):
    """Open an invitation link: remember it in this session, then set up the app (after
    signing in with the password, if needed)."""
    invitation = TwoFactorInvitation.objects.usable().filter(token_hash=_token_hash(token))
    if not invitation.exists():
        context = {**site.each_context(request), "title": "This invitation cannot be used"}
        response = TemplateResponse(
            request, "admin/core/two_factor_invitation_invalid.html", context, status=400
        )
    else:
        request.session[INVITATION_SESSION_KEY] = invitation.get().pk
        response = redirect("admin:two_factor_setup")
    response["Referrer-Policy"] = "no-referrer"
    return response


def setup(request, site):
    """Set up an authenticator app: show the secret as a QR code and as text, then
    confirm it with a first code. Issues the backup codes on success. A first app needs
    an invitation opened in this session; replacing one needs the second factor."""
    if (refused := _staff_only(request, site)) is not None:
        return refused
    user = request.user
    verified = getattr(user, "is_verified", lambda: False)()
    # Someone who has a device must prove it before replacing it.
    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists() and not verified:
        return redirect("admin:two_factor_verify")
    invitation = None if verified else _session_invitation(request)
    if not verified and invitation is None:
        context = {
            **site.each_context(request),
            "title": "Ask for a set-up invitation",
            "hours": settings.STAFF_2FA_INVITATION_HOURS,
        }
        return TemplateResponse(
            request, "admin/core/two_factor_invitation_needed.html", context, status=403
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user, confirmed=True).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                if invitation is not None:  # used once only
                    invitation.used_at = timezone.now()
                    invitation.save(update_fields=["used_at"])
                    request.session.pop(INVITATION_SESSION_KEY, None)
                request.session[BACKUP_CODES_SESSION_KEY] = backup_codes_reset(user=user)
            django_otp.login(request, device)
            return redirect("admin:two_factor_backup_codes")
        form.add_error(
            "token",
            "That code is not right. Check that your phone sets its clock automatically, "
            "then try the next code.",
        )
    context = {
        **site.each_context(request),
        "title": "Set up two-factor authentication",
        "form": form,
        "qr_svg": qr_svg(device.config_url),
        "config_url": device.config_url,
        "secret": b32encode(device.bin_key).decode(),
    }
    return TemplateResponse(request, "admin/core/two_factor_setup.html", context)


def backup_codes(request, site):
    """Show newly issued backup codes once; a verified user may issue a fresh set."""
    if (refused := _staff_only(request, site)) is not None:
        return refused
    if is_required(request):
        return redirect("admin:two_factor_verify")
    if request.method == "POST":
        request.session[BACKUP_CODES_SESSION_KEY] = backup_codes_reset(user=request.user)
        return redirect("admin:two_factor_backup_codes")
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    context = {
        **site.each_context(request),
        "title": "Your backup codes",
        "codes": codes,
    }
    return TemplateResponse(request, "admin/core/two_factor_backup_codes.html", context)

"""Who must use MFA, TOTP enrolment and recovery codes, the login step's
check with its lockout, an operator's reset, a user's MFA status."""
from __future__ import annotations

import hashlib
import io
import re
import secrets
from typing import Any

import pyotp
import sqlalchemy as sa
from pyotp.totp import TOTP

from ckan import authz

# not `from ckan import model`: the .model submodule would shadow it
from ckan.model import Member, Session, User

from ckanext.tdpf import clock, participants
from ckanext.tdpf.clock import db_now as _now

from ..audit import chain as audit
from . import config, lockout
from .model import MfaEnrolment, MfaRecoveryCode

VALID_WINDOW = 1  # accept the previous and next 30-second step (clock drift)


# who must use it

def provides_data(user_id: str) -> bool:
    """Editor or admin of at least one organisation."""
    return Session.execute(sa.select(Member.id).where(
        Member.table_name == "user", Member.table_id == user_id,
        Member.state == "active", Member.capacity.in_(("editor", "admin"))
    ).limit(1)).first() is not None


def required(user: User) -> bool:
    if user.sysadmin:
        return True
    kind = participants.member_type(user.id)
    return bool(kind) and kind in config.required_member_types() and provides_data(user.id)


# enrolment

def enrolment(user_id: str) -> MfaEnrolment | None:
    return Session.get(MfaEnrolment, user_id)


def is_enrolled(user_id: str) -> bool:
    row = enrolment(user_id)
    return bool(row and row.confirmed)


def begin(user: User) -> MfaEnrolment:
    """A new, unconfirmed secret for the user (replaces an unconfirmed one;
    an enrolled user must be reset first)."""
    row = enrolment(user.id)
    if row and row.confirmed:
        raise ValueError("already enrolled")
    if row is None:
        row = MfaEnrolment(user_id=user.id, secret="", created=_now(), last_step=0)
        Session.add(row)
    row.secret, row.created = pyotp.random_base32(), _now()
    Session.commit()
    return row


def provisioning_uri(user: User, row: MfaEnrolment) -> str:
    return TOTP(row.secret).provisioning_uri(name=user.name, issuer_name=config.issuer())


def qr_svg(uri: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode("utf-8")
    svg = svg[svg.index("<svg"):]  # inline in HTML: no XML declaration
    # a size a phone camera reads easily (the viewBox keeps it sharp)
    return re.sub(r'width="[^"]+" height="[^"]+"', 'width="220" height="220"', svg, count=1)


def _matching_step(row: MfaEnrolment, code: str) -> int | None:
    """The TOTP time step ``code`` belongs to (None if it matches none in
    the window, or one already used: codes cannot be replayed)."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = TOTP(row.secret)
    current = totp.timecode(clock.now())
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if step > row.last_step and secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _hash_code(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").strip().lower().encode()).hexdigest()


def confirm(user: User, code: str) -> list[str] | None:
    """Confirm the enrolment with a first code: returns the new recovery
    codes (shown once), or None when the code is wrong."""
    row = enrolment(user.id)
    if row is None or row.confirmed:
        return None
    step = _matching_step(row, code)
    if step is None:
        return None
    row.confirmed, row.last_step = _now(), step
    codes = _new_recovery_codes(user.id)
    audit.record("mfa.enrol", actor=user.id, object_type="user", object_id=user.id,
                 detail={"recovery_codes": len(codes)})
    Session.commit()
    return codes


def _new_recovery_codes(user_id: str) -> list[str]:
    Session.execute(sa.delete(MfaRecoveryCode).where(MfaRecoveryCode.user_id == user_id))
    codes = []
    for _ in range(config.recovery_codes()):
        raw = secrets.token_hex(5)  # 40 bits, shown as xxxxx-xxxxx
        codes.append(f"{raw[:5]}-{raw[5:]}")
        Session.add(MfaRecoveryCode(user_id=user_id, code_hash=_hash_code(raw)))
    return codes


def remaining_recovery_codes(user_id: str) -> int:
    return Session.execute(sa.select(sa.func.count(MfaRecoveryCode.id)).where(
        MfaRecoveryCode.user_id == user_id, MfaRecoveryCode.used.is_(None))).scalar() or 0


def reset(user: User, actor: str, reason: str = "", event: str = "mfa.reset") -> bool:
    """Remove the user's MFA (an operator's reset, or ``mfa.disable`` by a
    user who may go without). True if there was one."""
    row = enrolment(user.id)
    Session.execute(sa.delete(MfaRecoveryCode).where(MfaRecoveryCode.user_id == user.id))
    if row is not None:
        Session.delete(row)
    audit.record(event, actor=actor, object_type="user", object_id=user.id,
                 detail={"name": user.name, "reason": reason,
                         "was_enrolled": bool(row and row.confirmed)})
    Session.commit()
    return row is not None


# the login step, with lockout

CODES = lockout.Policy("mfa", config.max_failures, config.max_failures_per_ip,
                       config.lockout_seconds, config.lockout_seconds)


def verify(user: User, code: str, ip: str) -> dict[str, Any]:
    """Check a TOTP or recovery code at login. Returns ``{"ok": bool,
    "locked": bool, "recovery": bool}``; wrong codes count towards the
    lockout, right ones clear the user's count."""
    row = enrolment(user.id)
    if row is None or not row.confirmed:
        return {"ok": False, "locked": False, "recovery": False}
    if CODES.locked(user.id, ip):
        return {"ok": False, "locked": True, "recovery": False}
    step = _matching_step(row, code)
    used_recovery = False
    if step is not None:
        row.last_step = step
    else:
        recovery = Session.execute(sa.select(MfaRecoveryCode).where(
            MfaRecoveryCode.user_id == user.id, MfaRecoveryCode.used.is_(None),
            MfaRecoveryCode.code_hash == _hash_code(code))).scalars().first()
        if recovery is None:
            now_locked = bool(CODES.fail(user.id, ip))
            if now_locked:
                audit.record("mfa.lockout", actor=user.id, object_type="user",
                             object_id=user.id, detail={"ip": ip})
                Session.commit()
            return {"ok": False, "locked": now_locked, "recovery": False}
        recovery.used, used_recovery = _now(), True
        Session.flush()
        audit.record("mfa.recovery_code_used", actor=user.id, object_type="user",
                     object_id=user.id,
                     detail={"remaining": remaining_recovery_codes(user.id)})
    Session.commit()
    CODES.clear_user(user.id)
    return {"ok": True, "locked": False, "recovery": used_recovery}


def status(user: User) -> dict[str, Any]:
    row = enrolment(user.id)
    return {"user": user.name, "required": required(user),
            "enrolled": bool(row and row.confirmed),
            "enrolled_at": row.confirmed.isoformat() if row and row.confirmed else None,
            "recovery_codes_left": remaining_recovery_codes(user.id) if row else 0,
            "member_type": participants.member_type(user.id),
            "sysadmin": authz.is_sysadmin(user.name)}

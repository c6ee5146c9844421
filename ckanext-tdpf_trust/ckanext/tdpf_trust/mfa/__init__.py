"""Multi-factor authentication: TOTP (RFC 6238, pyotp) after the password.

- Enrolment (``/user/_mfa``): a secret is drawn and shown as a QR code (SVG)
  and as text; entering a valid code confirms it and shows one-time
  recovery codes once (stored as SHA-256 hashes).
- Login (``login.py``): after a valid password, an enrolled user is asked
  for a code (or a recovery code) before the session starts.
- Lockout (``lockout.py``): wrong codes are counted in Redis per user and
  per IP address (``ckanext.tdpf_trust.mfa.max_failures*``,
  ``lockout_seconds``); while locked even a right code is refused. Wrong
  passwords are locked out the same way (``password.py``).
- Who must use it (:func:`.totp.required`): sysadmins, and members whose member
  type is listed in ``required_member_types`` and who provide data (editor
  or admin of an organisation). Others may. API tokens cannot be created
  by a user who must use MFA until they have enrolled and passed it in
  this session (chained ``api_token_create``).
- Operators reset a user's MFA (``tdpf_mfa_reset``), e.g. a lost phone.

Every enrolment, reset, recovery-code use and lockout is audited.
"""

"""Acceptance of the current 利用規約 and プライバシーポリシー: at sign-up
(checkboxes of the register form) and again at the next login after a new
version is published (a page that blocks the others until accepted).
Acceptances are stored with the version and time and audited."""

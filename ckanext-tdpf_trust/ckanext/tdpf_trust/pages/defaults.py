"""The policy pages a fresh portal shows before operators publish their own
(version 1 of each, not stored). Our own brief wording, marked as the
initial text: the operator replaces them by publishing a new version
(``tdpf_page_publish``), which also asks users to accept the terms and
privacy policy again."""
from __future__ import annotations

from .model import POLICY

TERMS, PRIVACY, GOVERNANCE, SECURITY = "terms", "privacy", "data-governance", "security"
DEFAULT_VERSION = 1

_NOTE = ("> **初期設定の文案**: この文書は東京データプラットフォームの初期設定の文案です。"
         "運用者が正式な文書を公開するまでの仮のものです。\n\n")

_TEXTS = {
    TERMS: ("利用規約", """\
## 第1条（目的）
この規約は、東京データプラットフォーム（以下「本サービス」）の利用条件を定めます。

## 第2条（利用者登録）
利用者は、この規約とプライバシーポリシーに同意したうえで登録します。登録情報は正確に保ってください。

## 第3条（データの利用）
公開データは、各データに示された利用条件（ライセンス）に従って利用できます。限定公開のデータは、提供者が認めた範囲でのみ利用できます。

## 第4条（禁止事項）
法令に反する行為、他の利用者や提供者の権利を侵害する行為、本サービスの運営を妨げる行為を禁止します。

## 第5条（規約の変更）
運用者は、この規約を変更することがあります。変更後は、次回のログイン時に改めて同意をお願いします。

## 第6条（退会）
利用者は、アカウントページからいつでも退会できます。
"""),
    PRIVACY: ("プライバシーポリシー", """\
## 取得する情報
アカウント登録時のユーザー名、氏名（任意）、メールアドレス、及び本サービスの利用記録を取得します。

## 利用目的
本サービスの提供、本人確認、お問い合わせへの対応、不正利用の防止、サービス改善のための統計に利用します。統計にはIPアドレスを保存しません。

## 第三者提供
法令に基づく場合を除き、本人の同意なく第三者に提供しません。限定公開データの利用申請では、申請先の提供者に申請者の情報を開示します。

## 退会後の取扱い
退会すると、プロフィール情報とAPIトークンを削除します。監査記録は法令及び運用規程に従って保存します。

## お問い合わせ
個人情報の開示・訂正・削除の請求は、運用者までご連絡ください。
"""),
    GOVERNANCE: ("データガバナンス指針", """\
## 基本方針
データの提供者・利用者・運用者の役割と責任を明確にし、信頼できるデータ流通を目指します。

## データの品質
提供者はメタデータを正確に保ち、更新や提供停止は事前に告知します。

## 個人情報の保護
個人情報を含むデータは公開しません。公開前の自動検査で疑いのあるデータは保留されます。

## 記録と監査
データの公開、停止、アクセス許可などの重要な操作は監査ログに記録します。
"""),
    SECURITY: ("情報セキュリティポリシー", """\
## 基本方針
本サービスで扱う情報の機密性・完全性・可用性を守ります。

## アクセス管理
運用者及びデータ提供者には多要素認証を求めます。権限は必要最小限とします。

## 監視と対応
不正なアクセスの兆候を監視し、事故が起きた場合は速やかに対応し、関係者に連絡します。

## 見直し
この方針は定期的に見直します。
"""),
}

#: the policy pages in the order the pages list shows them
POLICY_NAMES = tuple(_TEXTS)


def default(name: str) -> dict | None:
    """The built-in version 1 of a policy page, as ``Page.as_dict`` shapes it."""
    if name not in _TEXTS:
        return None
    title, body = _TEXTS[name]
    return {"name": name, "version": DEFAULT_VERSION, "kind": POLICY, "title": title,
            "body": _NOTE + body, "event_type": "", "event_start": None, "place": "",
            "registration_url": "", "state": "active", "created": None, "draft": False,
            "builtin": True}

"""Pages operators publish: news, events (勉強会, アイディアソン, セミナー) and
the platform's policy pages (利用規約, プライバシーポリシー, データガバナンス
指針, 情報セキュリティポリシー). Every edit is a new version of the page;
the policy pages ship with draft texts (``defaults.py``) so a fresh portal
answers ``/terms`` and ``/privacy``."""

"""Use-case showcases (活用事例): submitted by anyone signed in, public once
an operator approves."""

"""The trust audit log: every trust event is appended here, in the same
transaction as the change it records (a rolled-back change leaves no
record). Records are never edited: each carries the SHA-256 of its content
and of the previous record, so ``ckan tdpf audit verify`` finds a row
changed or removed behind the application's back.

Features call :func:`.chain.record`; nothing else writes the table.
"""

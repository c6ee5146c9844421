"""提供停止の事前告知 (notice before withdrawal)."""

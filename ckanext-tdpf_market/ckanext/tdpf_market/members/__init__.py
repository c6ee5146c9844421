"""Member profiles: member type (自治体/法人/個人), tier (無料/有料), verification."""

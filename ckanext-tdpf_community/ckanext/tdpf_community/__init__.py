"""The TDPF community plugin: data requests, comments and ratings on
datasets, use-case showcases, and their moderation and notifications."""

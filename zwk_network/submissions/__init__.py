"""Self-registration without an account: forms, private edit links, changes under review."""

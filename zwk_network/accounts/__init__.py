"""Staff accounts: planners (for their Kommunen) and admins, signed in with Flask-Login."""

"""Entry point for gunicorn: gunicorn wsgi:app"""

from zwk_network import create_app

app = create_app()

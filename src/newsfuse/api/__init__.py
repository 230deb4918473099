"""REST API and web UI: ``create_app(settings)`` returns the FastAPI app that ``newsfuse serve`` runs."""
from newsfuse.api.app import create_app

__all__ = ["create_app"]

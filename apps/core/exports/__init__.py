"""Staff downloads of the portal's data, recorded (models.py, services.py)."""

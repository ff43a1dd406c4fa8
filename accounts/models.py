from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """Docent's user. Roles (student, instructor, admin) are Django groups."""

from django.urls import path

from . import views

# No namespace, like the names of django.contrib.auth.urls ("login", "password_reset", …).
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
]

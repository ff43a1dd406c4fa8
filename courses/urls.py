from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("courses/<slug:slug>/", views.course_outline, name="outline"),
    path("courses/<slug:slug>/lessons/<int:pk>/", views.lesson_detail, name="lesson"),
    path("import/", views.document_upload, name="import"),
    path("import/<int:pk>/", views.document_preview, name="import-preview"),
]

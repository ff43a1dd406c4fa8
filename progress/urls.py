from django.urls import path

from . import views

app_name = "progress"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("courses/<slug:slug>/enrol/", views.course_enrol, name="enrol"),
    path("courses/<slug:slug>/leave/", views.course_leave, name="leave"),
    path(
        "courses/<slug:slug>/lessons/<int:pk>/complete/", views.lesson_mark, name="lesson-complete"
    ),
    path("courses/<slug:slug>/certificate/", views.certificate, name="certificate"),
    path("courses/<slug:slug>/enrolments/", views.enrolments, name="enrolments"),
    path(
        "courses/<slug:slug>/enrolments/upload/", views.enrolments_upload, name="enrolments-upload"
    ),
    path(
        "courses/<slug:slug>/enrolments/<int:pk>/end/",
        views.enrolment_end_view,
        name="enrolment-end",
    ),
    path("certificates/<str:code>/", views.certificate_verify, name="certificate-verify"),
]

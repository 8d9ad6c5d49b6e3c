from django.urls import path

from . import views

app_name = "timeline"
urlpatterns = [
    path("cohorts/<int:pk>/timeline/", views.cohort_timeline, name="cohort"),
    path("cohorts/<int:pk>/timeline/lay-out/", views.lay_out, name="lay_out"),
    path("cohorts/<int:pk>/timeline/new/", views.session_edit, name="new"),
    path("cohorts/<int:pk>/timeline/slots/", views.slot_offer, name="slot_offer"),
    path("cohorts/<int:pk>/sessions/<int:session_pk>/", views.session_detail, name="session"),
    path("cohorts/<int:pk>/sessions/<int:session_pk>/edit/", views.session_edit, name="edit"),
    path("cohorts/<int:pk>/sessions/<int:session_pk>/register/", views.register, name="register"),
    path("cohorts/<int:pk>/sessions/<int:session_pk>/cancel/", views.cancel, name="cancel"),
    path(
        "cohorts/<int:pk>/sessions/<int:session_pk>/materials/",
        views.material_add,
        name="material",
    ),
    path(
        "cohorts/<int:pk>/materials/<int:material_pk>/",
        views.material_download,
        name="material_download",
    ),
    path("cohorts/<int:pk>/my-timeline/", views.mine, name="mine"),
    path("cohorts/<int:pk>/my-timeline/<int:session_pk>/reply/", views.reply, name="reply"),
    path("cohorts/<int:pk>/my-timeline/<int:session_pk>.ics", views.session_ics, name="ics"),
    path("cohorts/<int:pk>/my-timeline/slots/<int:slot_pk>/", views.slot_book, name="slot_book"),
]

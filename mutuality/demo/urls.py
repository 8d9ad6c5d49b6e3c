from django.urls import path

from . import views

app_name = "demo"
urlpatterns = [
    path("people/", views.people, name="people"),
    path("people/<int:pk>/sign-in/", views.sign_in_as, name="sign_in_as"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:pk>/", views.outbox_message, name="outbox_message"),
]

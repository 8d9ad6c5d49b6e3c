from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("your-details/", views.your_details, name="details"),
    path("stay-signed-in/", views.stay_signed_in, name="stay_signed_in"),
]

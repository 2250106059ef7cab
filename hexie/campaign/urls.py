from django.urls import path

app_name = "campaign"

urlpatterns: list = [
    # indicator systems (views/systems.py)
    # rounds, assessments, applications, reviews, objections (views/applications.py)
    # namings, certificates, rechecks, revocations, the public list (views/namings.py)
]

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_page_names_the_product(client):
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    assert "Health-equity education that counts" in response.content.decode()


@pytest.mark.django_db
def test_health_check_reports_database_reachable(client):
    assert client.get(reverse("web:health")).json() == {"status": "ok"}

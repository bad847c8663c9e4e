"""The statistics API refuses years no förbund can have data for, instead of failing."""

import pytest


@pytest.mark.parametrize("route", ["finsam", "monthly"])
@pytest.mark.parametrize("year", [172972, 1899, -5])
def test_a_year_out_of_range_is_refused_with_a_reason(world, login_as, route, year):
    client = login_as(world.people.admin)

    response = client.get(f"/api/v1/forbund/alfa/stats/{route}", {"year": year})

    assert response.status_code == 422
    assert "1900" in response.json()["detail"]

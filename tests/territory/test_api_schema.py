import pytest

COLLECTIONS = {
    "/api/v1/communes/": {"bbox", "insee", "page", "page_size"},
    "/api/v1/zones/": {"bbox", "typezone", "commune", "libelle", "idurba", "page_size"},
    "/api/v1/eco-housing/": {"bbox", "energy_label", "commune", "delivered_from"},
    "/api/v1/heritage/": {"bbox", "kind", "historic_monument", "commune"},
    "/api/v1/consultations/": {"commune", "open", "page"},
    "/api/v1/meetings/": {"bbox", "consultation", "year", "commune"},
    "/api/v1/fifty-fifty/": {"bbox", "status", "year", "commune"},
    "/api/v1/equipment/": {"bbox", "kind", "commune"},
}


@pytest.mark.parametrize(("path", "parameters"), COLLECTIONS.items())
def test_every_collection_and_its_filters_are_in_the_openapi_schema(client, db, path, parameters):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"][path]["get"]
    assert parameters <= {parameter["name"] for parameter in operation["parameters"]}
    assert f"{path}{{id}}/" in schema["paths"]


def test_a_layer_page_is_described_as_a_feature_collection(client, db):
    schema = client.get("/api/schema/?format=json").json()
    response = schema["paths"]["/api/v1/zones/"]["get"]["responses"]["200"]
    paginated = response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    properties = schema["components"]["schemas"][paginated]["properties"]
    assert {"type", "count", "next", "features"} <= set(properties)

"""The HEXONET Python SDK client every HEXONET interop script starts from:
OT&E system, the test server's URL, a 30-second socket timeout where the
SDK has one, and credentials (the demo password unless given); and the
inline owner contact the scripts register domains with.
"""

from hexonet.apiconnector.apiclient import APIClient

DEMO_PASSWORD = "test.passw0rd"

# An owner contact inline, flattened as WHMCS sends it with AddDomain.
OWNER = {
    "OWNERCONTACT0FIRSTNAME": "Erika",
    "OWNERCONTACT0LASTNAME": "Muster",
    "OWNERCONTACT0STREET": "2 Example Road",
    "OWNERCONTACT0CITY": "Springfield",
    "OWNERCONTACT0STATE": "NY",
    "OWNERCONTACT0ZIP": "10001",
    "OWNERCONTACT0COUNTRY": "US",
    "OWNERCONTACT0PHONE": "2125550199",
    "OWNERCONTACT0EMAIL": "erika@example.net",
}


def client_for(url, login, password=DEMO_PASSWORD):
    client = APIClient()
    client.useOTESystem()
    client.setURL(url)
    if hasattr(client, "_APIClient__socketTimeout"):
        client._APIClient__socketTimeout = 30
    client.setCredentials(login, password)
    return client

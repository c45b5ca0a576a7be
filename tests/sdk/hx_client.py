"""The HEXONET Python SDK client every HEXONET interop script starts from:
OT&E system, the test server's URL, a 30-second socket timeout where the
SDK has one, and credentials (the demo password unless given).
"""

from hexonet.apiconnector.apiclient import APIClient

DEMO_PASSWORD = "test.passw0rd"


def client_for(url, login, password=DEMO_PASSWORD):
    client = APIClient()
    client.useOTESystem()
    client.setURL(url)
    if hasattr(client, "_APIClient__socketTimeout"):
        client._APIClient__socketTimeout = 30
    client.setCredentials(login, password)
    return client

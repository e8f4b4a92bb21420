"""Where the network is: boto3 clients, push, catalog refresh."""

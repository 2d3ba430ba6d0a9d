{
    "name": "Storefront Connector benchmark helpers",
    "version": "18.0.1.0.0",
    "summary": "Baselines of the benchmarks: a bare INSERT route and a no-op handler",
    "category": "Hidden",
    "license": "LGPL-3",
    "author": "Storefront Connector contributors",
    "depends": ["storefront_connector"],
    "installable": True,
}

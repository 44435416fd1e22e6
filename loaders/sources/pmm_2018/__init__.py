"""The 2018 report on the GCM objectives (`pmm-2018-informe.txt`): `loader.parse`."""

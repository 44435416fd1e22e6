"""The 2024 executive report on the GCM (`pmm-2024-informe-ejecutivo.txt`): `loader.parse`."""

"""The PMM 2022 compendium (`pmm-2022-compendio.txt`): `loader.parse`."""

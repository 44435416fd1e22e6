"""Steps that derive from the parsed document graphs: program links, the PEM-GCM crosswalk."""

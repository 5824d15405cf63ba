"""``python -m symbolic_info.catalogue`` verifies the catalogue and regenerates its list of proved lemmas."""

from symbolic_info.catalogue.lemmas import write_proved_file

write_proved_file()

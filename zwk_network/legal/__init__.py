"""The pages a public body must publish: Impressum, privacy notice, accessibility statement, and the
site in Leichte Sprache and German Sign Language – texts an admin writes per installation and Kommune."""

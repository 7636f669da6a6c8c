"""A stand-in for $EDITOR: writes the next text from a queue file into the file given."""

import json
import os
import sys

queue_path = os.environ["FAKE_EDITOR_QUEUE"]
with open(queue_path, encoding="utf-8") as f:
    queue = json.load(f)
text = queue.pop(0)
with open(queue_path, "w", encoding="utf-8") as f:
    json.dump(queue, f)
if text is not None:
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        f.write(text)

"""Generates the example's synthetic support data (deterministic: fixed seed).

Run from examples/support-intents: python3 tools/generate_data.py
The data is invented: realistic shapes of helpdesk tickets and forum posts, with the defects a curated
set must catch: exact and near-exact duplicates, label variants, unknown labels, missing metadata, spam
and texts too short to be useful.
"""
import csv
import json
import random

rng = random.Random(20261127)

PRODUCTS = ["the mobile app", "the web dashboard", "my subscription", "the desktop client", "the API", "my invoice", "the family plan"]
TEMPLATES = {
    "billing": [
        "I was charged twice for {p} this month, can you check my card statement?",
        "Why did the price of {p} go up without any notice?",
        "My invoice for {p} shows a tax amount I do not understand.",
        "The payment for {p} failed but my bank says it went through.",
        "Can I switch {p} to annual billing and keep my discount?",
    ],
    "technical": [
        "{p} crashes every time I open the settings page.",
        "I cannot log in to {p} since the last update, it just spins forever.",
        "Sync between {p} and my phone stopped working yesterday.",
        "{p} shows a blank screen after the splash logo on Android 14.",
        "Exports from {p} come out as empty CSV files.",
    ],
    "account": [
        "How do I change the email address on my account for {p}?",
        "I want to add a second user to {p} for my colleague.",
        "Please delete my account and all data linked to {p}.",
        "My account for {p} was locked after too many password attempts.",
        "Can I merge two accounts that both have {p}?",
    ],
    "refund": [
        "I cancelled {p} within the trial, please refund the charge.",
        "I want my money back for {p}, it never worked for me.",
        "Requesting a refund for the duplicate payment on {p}.",
        "The annual renewal of {p} was not wanted, can I get a refund?",
    ],
    "other": [
        "Do you have a student discount for {p}?",
        "Is {p} available in Portuguese?",
        "Just wanted to say the new design of {p} is great.",
        "Where can I find the roadmap for {p}?",
    ],
}
VARIANTS = {
    "billing": ["billing", "Billing", "Billing Issue", "BILLING", " billing "],
    "technical": ["technical", "tech", "Technical", "tech support"],
    "account": ["account", "Account", "account-management"],
    "refund": ["refund", "Refund", "refunds"],
    "other": ["other", "Other", "misc"],
}
CHANNELS = ["email", "chat", "phone", "web"]
OPENERS = ["Hi,", "Hello team,", "Hey,", "Good morning,", ""]
CLOSERS = ["Thanks.", "Thank you!", "Regards, Sam", "Cheers", ""]


def ticket_text(label):
    body = rng.choice(TEMPLATES[label]).format(p=rng.choice(PRODUCTS))
    extra = rng.choice(["", " It started last week.", " This is urgent.", " I already tried reinstalling.", " Order #%d." % rng.randint(10000, 99999)])
    return " ".join(x for x in [rng.choice(OPENERS), body + extra, rng.choice(CLOSERS)] if x)


def near_copy(text):
    """The same message re-sent: different case, spacing and punctuation only."""
    choice = rng.randint(0, 2)
    if choice == 0:
        return text.upper()
    if choice == 1:
        return re.sub(r"[,.!?]", "", text) + "!!"
    return "  " + text.replace(" ", "  ") + "  "


import re

labels = list(TEMPLATES)
weights = [0.3, 0.3, 0.2, 0.1, 0.1]

tickets = []
for i in range(1, 3001):
    label = rng.choices(labels, weights)[0]
    record = {
        "ticket_id": "T-%05d" % i,
        "body": ticket_text(label),
        "category": rng.choice(VARIANTS[label]),
        "channel": rng.choice(CHANNELS),
        "customer_id": "C-%04d" % rng.randint(1, 900),
        "created_at": "2025-%02d-%02dT%02d:%02d:00Z" % (rng.randint(1, 6), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59)),
    }
    roll = rng.random()
    if roll < 0.06 and tickets:
        record["body"] = rng.choice(tickets)["body"]                      # exact re-send
    elif roll < 0.12 and tickets:
        record["body"] = near_copy(rng.choice(tickets)["body"])           # re-send, reformatted
    elif roll < 0.15:
        record["body"] = rng.choice(["help", "???", "not working", "hi"])  # too short
    elif roll < 0.18:
        record["channel"] = "spam"
        record["body"] = "Buy cheap followers now at best price visit our site today %d" % i
    if rng.random() < 0.05:
        del record["channel"]                                             # missing metadata
    if rng.random() < 0.02:
        record["category"] = rng.choice(["feedback", "sales", "unknown"])  # label outside the task
    if rng.random() < 0.03:
        record["category"] = None                                         # unlabelled
    tickets.append(record)

with open("data/tickets.jsonl", "w", encoding="utf-8", newline="\n") as f:
    for t in tickets:
        f.write(json.dumps(t, ensure_ascii=False) + "\n")

with open("data/forum_posts.csv", "w", encoding="utf-8", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["post_id", "title", "text", "topic", "channel", "posted"])
    for i in range(1, 1501):
        label = rng.choices(labels, weights)[0]
        text = ticket_text(label)
        if rng.random() < 0.08:
            text = rng.choice(tickets)["body"]                            # cross-posted from a ticket
        if rng.random() < 0.1:
            text = text + "\n\nEdit: still happening, see the screenshot, thanks"
        topic = rng.choice(VARIANTS[label])
        channel = "forum" if rng.random() > 0.04 else ""
        writer.writerow(["P-%05d" % i, "Question about %s" % rng.choice(PRODUCTS), text, topic, channel, "2025-%02d-%02d" % (rng.randint(1, 6), rng.randint(1, 28))])

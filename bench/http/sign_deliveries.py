"""Writes signed Standard Webhooks deliveries for bench/hooks.sh: one file per wrk thread, one delivery a line
(webhook-id TAB webhook-timestamp TAB webhook-signature TAB body), each with its own webhook-id so that none is a
duplicate. Usage: sign_deliveries.py SECRET COUNT_PER_FILE FILES PREFIX OUT_DIR"""
import base64, hashlib, hmac, json, sys, time

secret, count, files, prefix, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
key = base64.b64decode(secret[len("whsec_"):])
ts = str(int(time.time()))
for f in range(files):
    with open(f"{out}/deliveries-{f}.txt", "w") as w:
        for n in range(count):
            msg_id = f"msg_{prefix}_{f}_{n}"
            body = json.dumps({"orderId": f"A-{f}-{n}", "customer": "acme gmbh",
                               "items": [{"sku": "X-1", "qty": 2, "price": 19.5}, {"sku": "Y-7", "qty": 1, "price": 5}]},
                              separators=(",", ":"))
            mac = hmac.new(key, f"{msg_id}.{ts}.{body}".encode(), hashlib.sha256).digest()
            w.write(f"{msg_id}\t{ts}\tv1,{base64.b64encode(mac).decode()}\t{body}\n")

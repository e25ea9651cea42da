#!/usr/bin/env bash
# Create the class's students as local users the hub admits, each with a private home folder.
#   sudo deploy/one-machine/add-students.sh < students.txt
# Each input line: "username" or "username password". A missing password is generated; every
# created user is printed as "username password" for the teacher to hand out.
# HOME_BASE (default /home) is the folder that holds the homes.
set -euo pipefail
group=kerasnb-students
base=${HOME_BASE:-/home}
getent group "$group" >/dev/null || groupadd "$group"
while read -r name password _; do
    [[ -z "${name:-}" || "$name" == \#* ]] && continue
    if ! [[ "$name" =~ ^[a-z_][a-z0-9_-]{0,30}$ ]]; then
        echo "skipped '$name': a user name is lower-case letters, digits, - and _ (at most 31)" >&2
        continue
    fi
    password=${password:-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')}
    # HOME_MODE=0700: no student can read another student's files
    useradd --create-home --base-dir "$base" -K HOME_MODE=0700 --shell /bin/bash \
        --gid "$group" "$name"
    chmod 0700 "$base/$name"
    echo "$name:$password" | chpasswd
    echo "$name $password"
done

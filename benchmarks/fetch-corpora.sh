#!/usr/bin/env sh
# Fetches the real-text corpora of the tokenizer benchmarks from Debian's packages (pinned by
# version and SHA-256) and writes benchmarks/corpus/{en,zh,train-10mb}.txt. Nothing is committed.
#   en.txt  English: every English fortune of package fortunes 1:1.99.1-7.3 (about 2.4 MB)
#   zh.txt  Chinese: chinese, tang300 and song100 of package fortunes-zh 2.98 (about 2.2 MB),
#           ANSI colour escapes removed
#   train-10mb.txt  en.txt and zh.txt repeated to 10 MB (10,485,760 bytes), for the trainer
set -eu
cd "$(dirname "$0")"
mkdir -p corpus/debs
cd corpus/debs
fetch() { # package version sha256
  f=$(ls "$1"_*.deb 2>/dev/null | head -n 1 || true)
  if [ -z "$f" ]; then
    apt-get download "$1=$2"
    f=$(ls "$1"_*.deb | head -n 1)
  fi
  echo "$3  $f" | sha256sum -c -
  rm -rf "x-$1" && mkdir "x-$1" && dpkg-deb -x "$f" "x-$1"
}
fetch fortunes 1:1.99.1-7.3 41d0551dc0ff52f875a2ecef7c39da2f672ab468c37e170119f7e0245a9d63c5
fetch fortunes-zh 2.98 211c5ddee59d0ae74ce01cbfd02f7c8714740bae1835d5661eb2254edd739105
cd ..
en=debs/x-fortunes/usr/share/games/fortunes
zh=debs/x-fortunes-zh/usr/share/games/fortunes
: > en.txt
for f in $(ls "$en" | grep -v '\.dat$' | grep -v '\.u8$' | sort); do
  [ -f "$en/$f" ] && [ ! -L "$en/$f" ] && sed 's/^%$//' "$en/$f" >> en.txt
done
cat "$zh/chinese" "$zh/tang300" "$zh/song100" | sed 's/\x1b\[[0-9;]*m//g; s/^%$//' > zh.txt
: > train-10mb.txt
while [ "$(wc -c < train-10mb.txt)" -lt 10485760 ]; do cat en.txt zh.txt >> train-10mb.txt; done
head -c 10485760 train-10mb.txt > train.tmp && mv train.tmp train-10mb.txt
wc -c en.txt zh.txt train-10mb.txt

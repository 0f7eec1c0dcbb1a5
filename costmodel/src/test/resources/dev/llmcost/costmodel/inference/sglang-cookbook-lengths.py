# s23g (2026-12-07): the per-request lengths of the sgl-project/sgl-cookbook sglang.bench_serving random-dataset runs
# (inference-multi-source.md, "## s23g"). sglang.bench_serving seeds numpy with --seed (default 1) and draws
#   input_lens  = np.random.randint(max(int(input_len * range_ratio), 1), input_len + 1, size=num_prompts)
#   output_lens = np.random.randint(FLOOR, output_len + 1, size=num_prompts)
# with range_ratio 0 (the client's default); FLOOR is int(output_len * range_ratio) = 0 in some client versions and 1
# in others: the test data names, per block, the floor whose draw gives the block's printed "Total generated tokens".
# Run once with numpy (legacy RandomState seeding) to write sglang-cookbook-lengths.csv next to this file:
#   python3 sglang-cookbook-lengths.py > sglang-cookbook-lengths.csv
import numpy as np

KEYS = [(n, i, o) for n in (10, 80, 320, 500) for i in (1000, 8000) for o in (1000, 8000) if not (i == 8000 and o == 8000)]

print("requests,input_len,output_len,output_floor,input_total,output_total,inputs,outputs")
for n, i, o in KEYS:
    for floor in (0, 1):
        np.random.seed(1)
        ins = np.random.randint(1, i + 1, size=n)
        outs = np.random.randint(floor, o + 1, size=n)
        print(f"{n},{i},{o},{floor},{ins.sum()},{outs.sum()},{' '.join(map(str, ins))},{' '.join(map(str, outs))}")

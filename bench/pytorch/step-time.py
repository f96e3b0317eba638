"""One PyTorch measurement in a process of its own, on one CPU thread.
Prints one JSON line like bench/step-time.mjs:
  { backend, torch, threads, params: { student, teacher }, steps, warmup, ms: { 'loss-compare': msPerStep } }
  python3 bench/pytorch/step-time.py <model id> <steps> <warm-up steps> [live|cached] [--expect-params S,T]
--expect-params: the tfjs models' parameter counts; refuses to report (exit 3) if the PyTorch models differ."""
import json
import os
import sys
import time

# One thread for the BLAS too (OpenBLAS starts one per core otherwise; torch.set_num_threads does not reach it).
for variable in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS'):
    os.environ[variable] = '1'
import torch  # noqa: E402

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from models import CONFIGS, count_params  # noqa: E402
from selective import make_step  # noqa: E402


def main(argv):
    expect = None
    if '--expect-params' in argv:
        at = argv.index('--expect-params')
        expect = [int(n) for n in argv[at + 1].split(',')]
        argv = argv[:at] + argv[at + 2:]
    model_id, steps, warmup = argv[0], int(argv[1]), int(argv[2])
    teacher_mode = argv[3] if len(argv) > 3 else 'live'
    if model_id not in CONFIGS:
        sys.exit(f"unknown model '{model_id}'; known: {', '.join(CONFIGS)}")
    torch.set_num_threads(1)
    torch.manual_seed(1)
    config = CONFIGS[model_id]
    student, teacher = config['student'](), config['teacher']()
    teacher.eval()
    params = {'student': count_params(student), 'teacher': count_params(teacher)}
    if expect is not None and [params['student'], params['teacher']] != expect:
        print(f'parameter counts differ: PyTorch student {params["student"]}, teacher {params["teacher"]}; '
              f'tfjs student {expect[0]}, teacher {expect[1]}', file=sys.stderr)
        sys.exit(3)
    optimizer = torch.optim.Adam(student.parameters(), lr=config['learning_rate'], eps=1e-7)  # tfjs Adam's epsilon
    inputs, labels, valid = config['batch'](torch.Generator().manual_seed(2))
    cached = None
    if teacher_mode == 'cached':
        with torch.no_grad():
            cached = teacher(inputs)
    step = make_step(config, student, teacher, optimizer)
    for _ in range(warmup):
        step(inputs, labels, valid, cached)
    start = time.perf_counter()
    for _ in range(steps):
        step(inputs, labels, valid, cached)
    ms = (time.perf_counter() - start) * 1000 / steps
    print(json.dumps({
        'backend': 'pytorch-cpu', 'torch': torch.__version__, 'threads': torch.get_num_threads(),
        'params': params, 'steps': steps, 'warmup': warmup, 'ms': {'loss-compare': ms},
    }))


if __name__ == '__main__':
    main(sys.argv[1:])

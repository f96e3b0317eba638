"""Loads the tfjs weights and batch that bench/pytorch/check-parity.mjs
exported, computes the selective loss of that batch with the PyTorch models
before and after one Adam step, and compares with tfjs's: one JSON line per
model. `ok`: parameter counts equal and every loss term of the first batch
within 1e-4 (relative to max(1, |value|)) — the same models and loss; exit 1
otherwise. `why` is set when the parameter counts differ (bench/run.mjs then
refuses to report PyTorch times for that model). `afterStepOk`: the same after one step, which also needs equal
gradients (reported, not required: tfjs 4.22's ResizeBilinearGrad ignores
halfPixelCenters, so the pixel example's student gets other gradients).
  python3 bench/pytorch/check-parity.py <export dir> <model id> ..."""
import json
import os
import sys

import torch

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from models import CONFIGS, count_params, load_tfjs_weights  # noqa: E402
from selective import make_step, selective_loss  # noqa: E402

TOLERANCE = 1e-4
KEYS = ['loss', 'groundTruthLoss', 'distillLoss', 'teacherBetterFraction']


def read_tensors(path, entries):
    with open(path, 'rb') as f:
        data = f.read()
    tensors = {}
    for e in entries:
        dtype = torch.int32 if e['dtype'] == 'int32' else torch.float32
        flat = torch.frombuffer(bytearray(data[e['offset']:e['offset'] + 4 * e['length']]), dtype=dtype)
        tensors[e['name']] = flat.reshape(e['shape'])
    return tensors


def to_torch_layout(model_id, config, inputs, labels, valid):
    """tfjs NHWC images become NCHW; class ids become int64; a missing validity is all ones."""
    if inputs.dim() == 4:
        inputs = inputs.permute(0, 3, 1, 2).contiguous()
    if model_id in ('text-example', 'token-tagger'):
        inputs = inputs.long()
    if config['kind'] == 'softmax':
        labels = labels.long()
    if valid is None:
        valid = torch.ones(labels.shape[:-1] if config['kind'] == 'sigmoid' else labels.shape)
    return inputs, labels, valid


def check(directory, model_id):
    with open(os.path.join(directory, f'{model_id}.json')) as f:
        manifest = json.load(f)
    tensors = read_tensors(os.path.join(directory, f'{model_id}.bin'), manifest['tensors'])
    config = CONFIGS[model_id]
    student, teacher = config['student'](), config['teacher']()
    params = {'student': count_params(student), 'teacher': count_params(teacher)}
    row = {'model': model_id, 'params': {'tfjs': manifest['params'], 'pytorch': params}}
    if params != manifest['params']:
        return {**row, 'ok': False, 'why': 'parameter counts differ'}
    for name, model in (('student', student), ('teacher', teacher)):
        weights = [tensors[k] for k in sorted((k for k in tensors if k.startswith(name + '/')), key=lambda k: int(k.split('/')[1]))]
        load_tfjs_weights(model, weights)
    inputs, labels, valid = to_torch_layout(model_id, config, tensors['inputs'], tensors['labels'], tensors.get('valid'))
    def loss():
        with torch.no_grad():
            return dict(zip(KEYS, (float(v) for v in selective_loss(config, student(inputs), teacher(inputs), labels, valid))))

    before = loss()
    optimizer = torch.optim.Adam(student.parameters(), lr=manifest['learningRate'], eps=1e-7)  # tfjs Adam's epsilon
    make_step(config, student, teacher, optimizer)(inputs, labels, valid)
    pytorch = {'before': before, 'after': loss()}
    tfjs = manifest['tfjs']
    difference = {when: max(abs(pytorch[when][k] - tfjs[when][k]) / max(1.0, abs(tfjs[when][k])) for k in KEYS) for when in pytorch}
    return {**row, 'ok': difference['before'] <= TOLERANCE, 'afterStepOk': difference['after'] <= TOLERANCE,
            'tfjs': tfjs, 'pytorch': pytorch, 'relativeDifference': difference}


def main(directory, model_ids):
    torch.set_num_threads(1)
    failed = False
    for model_id in model_ids:
        row = check(directory, model_id)
        failed |= not row['ok']
        print(json.dumps(row))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2:])

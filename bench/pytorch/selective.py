"""The selective-distillation loss with the loss-compare gate, as
docs/algorithm.md defines it (margin 0, α = λ = 1, ground-truth scope 'all',
normaliser 'valid'), and one training step around it."""
import torch
import torch.nn.functional as F


def unit_loss(kind, logits, labels, class_dim):
    """Per-unit loss against the truth: softmax cross-entropy, or sigmoid
    binary cross-entropy summed over the keys."""
    if kind == 'softmax':
        picked = logits.gather(class_dim, labels.unsqueeze(class_dim)).squeeze(class_dim)
        return torch.logsumexp(logits, class_dim) - picked
    return F.binary_cross_entropy_with_logits(logits, labels, reduction='none').sum(class_dim)


def unit_divergence(kind, teacher, student, temperature, class_dim):
    """Per-unit KL(teacher/τ ‖ student/τ): softmax KL, or binary KL summed over the keys."""
    t, s = teacher / temperature, student / temperature
    if kind == 'softmax':
        log_p = F.log_softmax(t, class_dim)
        return (log_p.exp() * (log_p - F.log_softmax(s, class_dim))).sum(class_dim)
    p = torch.sigmoid(t)
    positive = p * (F.softplus(-s) - F.softplus(-t))
    negative = (1 - p) * (F.softplus(s) - F.softplus(t))
    return (positive + negative).sum(class_dim)


def selective_loss(config, student, teacher, labels, valid):
    """(loss, groundTruthLoss, distillLoss, teacherBetterFraction); the teacher's logits carry no gradient."""
    kind, dim, tau = config['kind'], config['class_dim'], config['temperature']
    d_student = unit_loss(kind, student, labels, dim)
    with torch.no_grad():
        d_teacher = unit_loss(kind, teacher, labels, dim)
        mask = (d_teacher < d_student).float() * valid  # ties go to the student
        count = valid.sum().clamp(min=1)
    ground_truth = (valid * d_student).sum() / count
    distill = tau * tau * (mask * unit_divergence(kind, teacher, student, tau, dim)).sum() / count
    return ground_truth + distill, ground_truth, distill, mask.sum() / count


def make_step(config, student, teacher, optimizer):
    """One step: teacher forward without grad (or its cached logits), student
    forward and backward, Adam; the step's totals are read back to the host
    as the tfjs distiller reads them."""

    def step(inputs, labels, valid, teacher_logits=None):
        if teacher_logits is None:
            with torch.no_grad():
                teacher_logits = teacher(inputs)
        loss, ground_truth, distill, fraction = selective_loss(config, student(inputs), teacher_logits, labels, valid)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        return torch.stack([loss.detach(), ground_truth.detach(), distill.detach(), fraction]).tolist()

    return step

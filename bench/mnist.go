package bench

import (
	"fmt"
	"time"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/datasets"
	"github.com/replaylab/replaylab/record"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/stat"
)

// MNISTShape is the sequential-MNIST setting: two groups of 64, 28 inputs,
// 10 classes, cross-entropy at the last step, lr 5e-4, initial state 0.2.
var MNISTShape = Shape{N: 64, In: datasets.MNISTCols, Out: datasets.MNISTClasses, Loss: cortex.LossCrossEntropy, LR: 5e-4, Init: cortex.InitConstant}

// mnistCurveEvery is how many training digits one point of the training
// curve averages.
const mnistCurveEvery = 1000

// RunMNIST trains every model online on the training digits (one update per
// digit, in file order, for Epochs passes; default 1) and tests on the test
// digits. masked drops the first 10 rows.
func RunMNIST(o Options, masked bool) (*Report, error) {
	task, skip := "mnist", 0
	if masked {
		task, skip = "mnist-masked", datasets.MNISTMaskedRows
	}
	dir, err := datasets.MNISTDir(o.MNISTDir)
	if err != nil {
		return nil, err
	}
	train, test, err := datasets.LoadMNIST(dir)
	if err != nil {
		return nil, err
	}
	train, test = train.Subset(o.Limit), test.Subset(o.TestLimit)
	models, nSeeds, epochs := o.models(), o.seeds(), o.epochs(1)
	res := make([]mnistRun, len(models)*nSeeds)
	err = runJobs(len(res), o.Workers, func(i int) error {
		name, seed := models[i/nSeeds], i%nSeeds+1
		m, err := NewModel(name, o.shape(MNISTShape, name), task, uint64(seed))
		if err != nil {
			return err
		}
		seq, err := datasets.NewMNISTSequence(skip)
		if err != nil {
			return err
		}
		if err := res[i].train(m, seq, train, epochs); err != nil {
			return fmt.Errorf("bench: %s %s seed %d: %w", task, name, seed, err)
		}
		return res[i].test(m, seq, test)
	}, func(i int) {
		o.logf("%s %-15s seed %d: test accuracy %.4f (train %.1fs, test %.1fs)",
			task, models[i/nSeeds], i%nSeeds+1, res[i].testAcc, res[i].trainWall.Seconds(), res[i].testWall.Seconds())
	})
	if err != nil {
		return nil, err
	}
	return mnistReport(task, models, nSeeds, epochs, train.Len(), test.Len(), res), nil
}

// mnistRun is what one model and seed produced.
type mnistRun struct {
	testAcc, trainAcc, loss float64
	curve, seen             []float64 // running training accuracy per mnistCurveEvery digits, digits seen
	trainWall, testWall     time.Duration
	ys                      [][]float64 // outputs of one digit (Predict's buffer)
}

// classify runs the digit in seq and reports whether the class read at the
// last step is label.
func (r *mnistRun) classify(m cortex.SequenceModel, seq datasets.Sequence, label int) (bool, error) {
	if r.ys == nil {
		r.ys = make([][]float64, len(seq.Inputs))
		for t := range r.ys {
			r.ys[t] = make([]float64, datasets.MNISTClasses)
		}
	}
	if err := m.Predict(seq.Inputs, r.ys); err != nil {
		return false, err
	}
	return floats.MaxIdx(r.ys[len(r.ys)-1]) == label, nil
}

// train makes epochs online passes over the training digits, one update per
// digit. The training curve is prequential: every 10th digit is classified
// before the model trains on it.
func (r *mnistRun) train(m cortex.SequenceModel, seq datasets.Sequence, train *datasets.MNIST, epochs int) error {
	start := time.Now()
	right, count, window := 0, 0, 0
	var loss float64
	for ep := range epochs {
		for d := range train.Len() {
			train.Fill(seq, d)
			if d%10 == 0 {
				ok, err := r.classify(m, seq, train.Labels[d])
				if err != nil {
					return err
				}
				right, count = right+b2i(ok), count+1
			}
			l, err := m.TrainSequence(seq.Inputs, seq.Targets)
			if err != nil {
				return fmt.Errorf("epoch %d digit %d: %w", ep+1, d, err)
			}
			loss += l
			window++
			if (d+1)%mnistCurveEvery == 0 || d == train.Len()-1 {
				r.curve = append(r.curve, float64(right)/float64(max(count, 1)))
				r.seen = append(r.seen, float64(ep*train.Len()+d+1))
				r.trainAcc, r.loss = float64(right)/float64(max(count, 1)), loss/float64(window)
				right, count, window, loss = 0, 0, 0, 0
			}
		}
	}
	r.trainWall = time.Since(start)
	return nil
}

// test classifies every test digit.
func (r *mnistRun) test(m cortex.SequenceModel, seq datasets.Sequence, test *datasets.MNIST) error {
	start := time.Now()
	right := 0
	for d := range test.Len() {
		test.Fill(seq, d)
		ok, err := r.classify(m, seq, test.Labels[d])
		if err != nil {
			return err
		}
		right += b2i(ok)
	}
	r.testAcc = float64(right) / float64(test.Len())
	r.testWall = time.Since(start)
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// mnistReport tabulates the runs (res[model·nSeeds + seed−1]): per model the
// mean test accuracy and its spread over seeds (sample standard deviation,
// minimum, maximum), and the mean training curve.
func mnistReport(task string, models []string, nSeeds, epochs, nTrain, nTest int, res []mnistRun) *Report {
	rep := &Report{Task: task}
	rep.Summary = record.NewTable("model", "seeds", "train_digits", "test_digits", "mean_test_accuracy", "sd_test_accuracy",
		"min_test_accuracy", "max_test_accuracy", "mean_last_train_accuracy", "mean_train_s_per_epoch", "mean_test_s")
	rep.Runs = record.NewTable("model", "seed", "test_accuracy", "last_train_accuracy", "last_train_loss", "train_s", "test_s")
	rep.Curves = record.NewTable("model", "seed", "digits_seen", "train_accuracy")
	fig := Figure{File: task + "_train.png", Title: fmt.Sprintf("%s: running training accuracy (mean over %d seeds)", task, nSeeds),
		XLabel: "training digits seen", YLabel: "accuracy before update (every 10th digit)", YMax: 1.25}
	for mi, name := range models {
		var tacc, tw, sw float64
		var xs, mean, accs []float64
		for s := range nSeeds {
			r := res[mi*nSeeds+s]
			rep.add(rep.Runs, name, s+1, r.testAcc, r.trainAcc, r.loss, r.trainWall.Seconds(), r.testWall.Seconds())
			if mean == nil {
				mean, xs = make([]float64, len(r.curve)), r.seen
			}
			for k, v := range r.curve {
				rep.add(rep.Curves, name, s+1, int(r.seen[k]), v)
				mean[k] += v / float64(nSeeds)
			}
			accs = append(accs, r.testAcc)
			tacc += r.trainAcc / float64(nSeeds)
			tw += r.trainWall.Seconds() / float64(nSeeds*epochs)
			sw += r.testWall.Seconds() / float64(nSeeds)
		}
		sd := 0.0
		if nSeeds > 1 {
			sd = stat.StdDev(accs, nil)
		}
		rep.add(rep.Summary, name, nSeeds, nTrain, nTest, stat.Mean(accs, nil), sd, floats.Min(accs), floats.Max(accs), tacc, tw, sw)
		fig.Curves = append(fig.Curves, Curve{Label: name, X: xs, Y: mean, Dashed: name == ModelBPTT})
	}
	rep.Figures = []Figure{fig}
	return rep
}

# How the Spark figures in the model tests were made: pyspark 4.3 (local[2]) on the same
# formula-generated rows the tests build (no random numbers, so both sides see the same data).
# Run: python3 engine/ml/models/spark-reference.py > /tmp/spark-reference.json
import json, math
from pyspark.sql import SparkSession
from pyspark.ml.linalg import Vectors
from pyspark.ml.regression import LinearRegression
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.clustering import KMeans
from pyspark.ml.evaluation import RegressionEvaluator, BinaryClassificationEvaluator, MulticlassClassificationEvaluator

spark = SparkSession.builder.master('local[2]').getOrCreate()
spark.sparkContext.setLogLevel('ERROR')
out = {}

def regression_rows(n, constant=False):
    rows = []
    for i in range(n):
        x1 = math.sin(0.37 * i) * 3 + 0.05 * i
        x2 = math.cos(1.3 * i) * 2
        x3 = ((i * 7) % 11) / 3
        y = 1.5 + 2 * x1 - 3 * x2 + 0.7 * x3 + 0.3 * math.sin(5.1 * i)
        f = [x1, x2, x3] + ([2.0] if constant else [])
        rows.append((Vectors.dense(f), y))
    return rows

def logistic_rows(n):
    rows = []
    for i in range(n):
        x1 = math.sin(0.37 * i) * 3 + 0.05 * i
        x2 = math.cos(1.3 * i) * 2
        x3 = ((i * 7) % 11) / 3
        label = 1.0 if x1 - 0.5 * x2 + 0.2 * x3 + 1.5 * math.sin(2.3 * i) > 1.0 else 0.0
        rows.append((Vectors.dense([x1, x2, x3]), label))
    return rows

lin = spark.createDataFrame(regression_rows(50), ['features', 'label'])
lin_const = spark.createDataFrame(regression_rows(50, True), ['features', 'label'])
lin_cases = {
    'ols': dict(),
    'ridge': dict(regParam=0.1),
    'ridgeNoStd': dict(regParam=0.1, standardization=False),
    'elasticNet': dict(regParam=0.1, elasticNetParam=0.5),
    'lassoNoStd': dict(regParam=0.3, elasticNetParam=1.0, standardization=False),
    'noIntercept': dict(fitIntercept=False),
    'noInterceptElasticNet': dict(fitIntercept=False, regParam=0.1, elasticNetParam=0.5),
}
for name, params in lin_cases.items():
    m = LinearRegression(**params).fit(lin)
    s = m.summary
    out['linear.' + name] = dict(coefficients=list(m.coefficients), intercept=m.intercept, rmse=s.rootMeanSquaredError,
                                 r2=s.r2, mae=s.meanAbsoluteError, iterations=s.totalIterations)
m = LinearRegression().fit(lin_const)
out['linear.constantFeature'] = dict(coefficients=list(m.coefficients), intercept=m.intercept, rmse=m.summary.rootMeanSquaredError, r2=m.summary.r2)

logi = spark.createDataFrame(logistic_rows(80), ['features', 'label'])
log_cases = {
    'plain': dict(),
    'ridge': dict(regParam=0.05),
    'elasticNet': dict(regParam=0.05, elasticNetParam=0.5),
    'ridgeNoStd': dict(regParam=0.05, standardization=False),
    'lassoNoStd': dict(regParam=0.05, elasticNetParam=1.0, standardization=False),
    'noIntercept': dict(fitIntercept=False),
}
for name, params in log_cases.items():
    m = LogisticRegression(**params).fit(logi)
    s = m.summary
    first = m.transform(logi).select('rawPrediction', 'probability', 'prediction').head(3)
    out['logistic.' + name] = dict(coefficients=list(m.coefficients), intercept=m.intercept,
                                   objective=s.objectiveHistory[-1], iterations=s.totalIterations,
                                   auc=s.areaUnderROC, accuracy=s.accuracy,
                                   firstRows=[[list(r[0]), list(r[1]), r[2]] for r in first])

blobs = []
for i in range(60):
    c = [(0.0, 0.0), (10.0, 10.0), (-10.0, 8.0)][i % 3]
    blobs.append((Vectors.dense([c[0] + 0.8 * math.sin(1.1 * i), c[1] + 0.8 * math.cos(2.3 * i)]),))
kdf = spark.createDataFrame(blobs, ['features'])
km = KMeans(k=3, seed=1).fit(kdf)
out['kmeans'] = dict(centers=[list(c) for c in km.clusterCenters()], cost=km.summary.trainingCost,
                     sizes=km.summary.clusterSizes, iterations=km.summary.numIter)

ev_rows = []
for i in range(40):
    y = 3 * math.sin(0.5 * i) + i * 0.1
    p = y + 0.5 * math.sin(3.3 * i)
    lab = 1.0 if math.sin(1.7 * i) + 0.6 * math.cos(0.9 * i) > 0 else 0.0
    score = round(math.sin(1.7 * i) * 4) / 4
    cls = float(i % 3)
    pred = float((i * i + i // 5) % 4)
    ev_rows.append((y, p, lab, score, Vectors.dense([1 - score, score]), cls, pred))
ev = spark.createDataFrame(ev_rows, ['y', 'p', 'lab', 'score', 'prob', 'cls', 'pred'])
for metric in ['rmse', 'mse', 'mae', 'r2']:
    out['evaluate.' + metric] = RegressionEvaluator(metricName=metric, labelCol='y', predictionCol='p').evaluate(ev)
out['evaluate.areaUnderROC'] = BinaryClassificationEvaluator(labelCol='lab', rawPredictionCol='score').evaluate(ev)
out['evaluate.areaUnderROC.vector'] = BinaryClassificationEvaluator(labelCol='lab', rawPredictionCol='prob').evaluate(ev)
for metric in ['accuracy', 'f1']:
    out['evaluate.' + metric] = MulticlassClassificationEvaluator(metricName=metric, labelCol='cls', predictionCol='pred').evaluate(ev)
print(json.dumps(out, indent=1))

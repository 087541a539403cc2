<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR" sourcelanguage="en">
<context>
    <name>ActivationPlot</name>
    <message>
        <source>(slope)</source>
        <translation>(기울기)</translation>
    </message>
</context>
<context>
    <name>AnalysisView</name>
    <message>
        <source>Save PNG…</source>
        <translation>PNG로 저장…</translation>
    </message>
    <message>
        <source>Save this view as a PNG picture %1 pixels wide (for slides)</source>
        <translation>이 화면을 너비 %1픽셀의 PNG 그림으로 저장합니다(슬라이드용)</translation>
    </message>
    <message>
        <source>Press Play (F5) to train the network; this view follows the training live.</source>
        <translation>재생(F5)을 누르면 신경망을 학습시킵니다. 이 화면은 학습 과정을 실시간으로 보여 줍니다.</translation>
    </message>
    <message>
        <source>This view could not be computed: %1</source>
        <translation>이 화면을 계산할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Save view as PNG</source>
        <translation>화면을 PNG로 저장</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>Save PNG</source>
        <translation>PNG 저장</translation>
    </message>
</context>
<context>
    <name>AutosaveManager</name>
    <message>
        <source>Could not write the recovery copy: %1</source>
        <translation>복구용 사본을 쓰지 못했습니다: %1</translation>
    </message>
</context>
<context>
    <name>BoundaryPlot</name>
    <message>
        <source>This data set has no 2-D input plane to draw.</source>
        <translation>이 데이터 세트에는 그릴 2차원 입력 평면이 없습니다.</translation>
    </message>
    <message>
        <source>Show test data</source>
        <translation>테스트 데이터 보기</translation>
    </message>
    <message>
        <source>Discretize output</source>
        <translation>출력 이산화</translation>
    </message>
</context>
<context>
    <name>CnnFiltersView</name>
    <message>
        <source>CNN filters</source>
        <translation>CNN 필터</translation>
    </message>
    <message>
        <source>Left: each Conv2D layer&apos;s learned filters (blue = negative weight, yellow = positive; a layer with several input channels shows their mean). Right: the feature maps they produce for the chosen test image (bright = strong response).</source>
        <translation>왼쪽: 각 Conv2D 층이 학습한 필터(파랑 = 음의 가중치, 노랑 = 양의 가중치, 입력 채널이 여러 개인 층은 그 평균을 표시). 오른쪽: 고른 테스트 이미지에 대해 그 필터들이 만든 특성 맵(밝을수록 강한 반응).</translation>
    </message>
    <message>
        <source>Test image</source>
        <translation>테스트 이미지</translation>
    </message>
    <message>
        <source>Which test image to show the feature maps of</source>
        <translation>특성 맵을 볼 테스트 이미지</translation>
    </message>
    <message>
        <source>Test image #%1</source>
        <translation>테스트 이미지 #%1</translation>
    </message>
    <message>
        <source>label %1</source>
        <translation>레이블 %1</translation>
    </message>
    <message>
        <source>the network says %1</source>
        <translation>신경망의 답 %1</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>%1단계</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>%1 · %2 filters %3×%3</source>
        <translation>%1 · 필터 %2개 %3×%3</translation>
    </message>
    <message>
        <source> · mean of %1 channels</source>
        <translation> · 채널 %1개의 평균</translation>
    </message>
    <message>
        <source>%1 · feature maps %2×%3</source>
        <translation>%1 · 특성 맵 %2×%3</translation>
    </message>
    <message>
        <source> after %1</source>
        <translation> (%1 적용 후)</translation>
    </message>
</context>
<context>
    <name>Compare</name>
    <message>
        <source>sigmoid vs ReLU</source>
        <translation>시그모이드 vs ReLU</translation>
    </message>
    <message>
        <source>SGD vs Adam</source>
        <translation>SGD vs Adam</translation>
    </message>
    <message>
        <source>small vs large learning rate</source>
        <translation>작은 학습률 vs 큰 학습률</translation>
    </message>
    <message>
        <source>with vs without L2</source>
        <translation>L2 정규화 있음 vs 없음</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>옵티마이저</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <source>initialiser</source>
        <translation>초기화 방법</translation>
    </message>
    <message>
        <source>L1</source>
        <translation>L1 정규화</translation>
    </message>
    <message>
        <source>L2</source>
        <translation>L2 정규화</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>모멘텀</translation>
    </message>
    <message>
        <source>rho</source>
        <translation>로(ρ)</translation>
    </message>
    <message>
        <source>beta 1</source>
        <translation>베타 1</translation>
    </message>
    <message>
        <source>beta 2</source>
        <translation>베타 2</translation>
    </message>
    <message>
        <source>epsilon</source>
        <translation>엡실론</translation>
    </message>
    <message>
        <source>Huber delta</source>
        <translation>후버 델타</translation>
    </message>
    <message>
        <source>initial scale</source>
        <translation>초기 범위</translation>
    </message>
    <message>
        <source>initial bias</source>
        <translation>편향 초깃값</translation>
    </message>
    <message>
        <source>training seed</source>
        <translation>학습 시드</translation>
    </message>
    <message>
        <source>backend</source>
        <translation>백엔드</translation>
    </message>
    <message>
        <source>target loss</source>
        <translation>목표 손실</translation>
    </message>
    <message>
        <source>A and B are the same: change a setting of B, or pick a preset.</source>
        <translation>A와 B가 같습니다. B의 설정을 바꾸거나 프리셋을 고르세요.</translation>
    </message>
    <message>
        <source>A and B differ in: %1</source>
        <translation>A와 B의 차이: %1</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <source>hidden layers</source>
        <translation>은닉층</translation>
    </message>
    <message>
        <source>other layer settings</source>
        <translation>그 밖의 층 설정</translation>
    </message>
    <message>
        <source>%1 layers</source>
        <translation>층 %1개</translation>
    </message>
    <message>
        <source>%1 (%2 vs %3)</source>
        <translation>%1 (%2 vs %3)</translation>
    </message>
</context>
<context>
    <name>CompareLossPlot</name>
    <message>
        <source>Log scale</source>
        <translation>로그 눈금</translation>
    </message>
    <message>
        <source>Show the loss on a logarithmic axis</source>
        <translation>손실을 로그 눈금 축으로 표시합니다</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>solid: training data · dashed: test data</source>
        <translation>실선: 훈련 데이터 · 점선: 테스트 데이터</translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <source>Compare two networks</source>
        <translation>두 신경망 비교</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>재생</translation>
    </message>
    <message>
        <source>Train both networks, one epoch each at a time (F5)</source>
        <translation>두 신경망을 한 에포크씩 번갈아 학습시킵니다 (F5)</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>한 단계</translation>
    </message>
    <message>
        <source>Train both networks one epoch (F6)</source>
        <translation>두 신경망을 한 에포크만큼 학습시킵니다 (F6)</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>초기화</translation>
    </message>
    <message>
        <source>Start both networks again from fresh weights (F7)</source>
        <translation>두 신경망을 새 가중치로 처음부터 다시 시작합니다 (F7)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Choose a preset…</source>
        <translation>프리셋 선택…</translation>
    </message>
    <message>
        <source>Make A and B from the main window&apos;s design, differing in one setting</source>
        <translation>메인 창의 설계로 설정 하나만 다른 A와 B를 만듭니다</translation>
    </message>
    <message>
        <source>Both networks stop after this many epochs</source>
        <translation>두 신경망 모두 이 에포크 수만큼 학습한 뒤 멈춥니다</translation>
    </message>
    <message>
        <source>Use B as my design</source>
        <translation>B를 내 설계로 쓰기</translation>
    </message>
    <message>
        <source>Copy network B and its training settings into the main window (Ctrl+Z there undoes it)</source>
        <translation>신경망 B와 그 학습 설정을 메인 창으로 복사합니다 (메인 창에서 Ctrl+Z로 되돌릴 수 있습니다)</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>프리셋:</translation>
    </message>
    <message>
        <source>Stop after</source>
        <translation>최대</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>Both networks learn the same data</source>
        <translation>두 신경망이 같은 데이터로 학습합니다</translation>
    </message>
    <message>
        <source>New points</source>
        <translation>새 점 뽑기</translation>
    </message>
    <message>
        <source>Draw fresh points (the next data seed) for both networks</source>
        <translation>두 신경망이 쓸 점을 새로 뽑습니다(다음 데이터 시드)</translation>
    </message>
    <message>
        <source>Data (both):</source>
        <translation>데이터 (공통):</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>잡음</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>점 개수</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>Preset “%1”: press Play (F5).</source>
        <translation>프리셋 “%1”: 재생(F5)을 누르세요.</translation>
    </message>
    <message>
        <source>%1 cannot train: %2</source>
        <translation>%1 신경망을 학습할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Reset: both networks start again from fresh weights.</source>
        <translation>초기화: 두 신경망이 새 가중치로 처음부터 다시 시작합니다.</translation>
    </message>
    <message>
        <source>Finished %1 epochs.</source>
        <translation>%1 에포크를 마쳤습니다.</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>%1: the loss exploded (%2). Try a smaller learning rate, then Reset.</source>
        <translation>%1: 손실이 폭발적으로 커졌습니다(%2). 학습률을 낮춘 뒤 초기화해 보세요.</translation>
    </message>
    <message>
        <source>%1 stopped: %2</source>
        <translation>%1 학습이 멈췄습니다: %2</translation>
    </message>
    <message>
        <source>Epoch %1</source>
        <translation>에포크 %1</translation>
    </message>
    <message>
        <source>Not trained yet</source>
        <translation>아직 학습하지 않았습니다</translation>
    </message>
    <message>
        <source>Loss: training %1 · test %2</source>
        <translation>손실: 훈련 %1 · 테스트 %2</translation>
    </message>
    <message>
        <source>Loss %1 / %2</source>
        <translation>손실 %1 / %2</translation>
    </message>
    <message>
        <source>Accuracy: training %1 · test %2</source>
        <translation>정확도: 훈련 %1 · 테스트 %2</translation>
    </message>
    <message>
        <source>accuracy %1 / %2 (training / test)</source>
        <translation>정확도 %1 / %2 (훈련 / 테스트)</translation>
    </message>
    <message>
        <source>(training / test)</source>
        <translation>(훈련 / 테스트)</translation>
    </message>
    <message>
        <source>Open design for %1</source>
        <translation>%1에 쓸 설계 열기</translation>
    </message>
    <message>
        <source>Cannot open design</source>
        <translation>설계를 열 수 없습니다</translation>
    </message>
    <message>
        <source>Different data</source>
        <translation>다른 데이터</translation>
    </message>
    <message>
        <source>“%1” was made for other data (%2). Both networks must learn the same data: compare it on this comparison&apos;s data (%3)?</source>
        <translation>“%1”은(는) 다른 데이터(%2)에 맞춰 만든 설계입니다. 두 신경망은 같은 데이터로 학습해야 합니다. 이 비교의 데이터(%3)로 비교할까요?</translation>
    </message>
    <message>
        <source>Use network B from the comparison</source>
        <translation>비교한 신경망 B 가져오기</translation>
    </message>
    <message>
        <source>The main window now has network B (Edit ▸ Undo there brings back the old one).</source>
        <translation>이제 메인 창에 신경망 B가 들어갔습니다(메인 창의 편집 ▸ 실행 취소로 이전 신경망을 되돌릴 수 있습니다).</translation>
    </message>
    <message>
        <source>Network B of the comparison is now the design.</source>
        <translation>비교한 신경망 B가 이제 현재 설계가 되었습니다.</translation>
    </message>
    <message>
        <source>The main window already has network B.</source>
        <translation>메인 창에 이미 신경망 B가 있습니다.</translation>
    </message>
    <message>
        <source>&amp;Compare Two Networks…</source>
        <translation>두 신경망 비교(&amp;C)…</translation>
    </message>
    <message>
        <source>Train this design and a changed copy side by side on the same data (Ctrl+Shift+C)</source>
        <translation>이 설계와 설정을 바꾼 사본을 같은 데이터로 나란히 학습시킵니다 (Ctrl+Shift+C)</translation>
    </message>
</context>
<context>
    <name>ConfusionView</name>
    <message>
        <source>Confusion matrix</source>
        <translation>혼동 행렬</translation>
    </message>
    <message>
        <source>predicted class (the network&apos;s answer)</source>
        <translation>예측 클래스(신경망의 답)</translation>
    </message>
    <message>
        <source>true class</source>
        <translation>실제 클래스</translation>
    </message>
    <message>
        <source>Rows: the true class; columns: the network&apos;s answer. The diagonal counts the right answers; the colour shows each row&apos;s share.</source>
        <translation>행: 실제 클래스, 열: 신경망의 답. 대각선은 맞힌 개수이고, 색은 각 행에서 차지하는 비율을 나타냅니다.</translation>
    </message>
    <message>
        <source>Right: test images the network gets wrong.</source>
        <translation>오른쪽: 신경망이 틀린 테스트 이미지.</translation>
    </message>
    <message>
        <source>on %1 of %2 test samples (a fixed random sample, to stay fast)</source>
        <translation>테스트 샘플 %2개 중 %1개 기준(빠르게 계산하려고 고정된 무작위 표본 사용)</translation>
    </message>
    <message>
        <source>on all %1 test samples</source>
        <translation>테스트 샘플 %1개 전체 기준</translation>
    </message>
    <message>
        <source>Accuracy %1 % %2 · step %3</source>
        <translation>정확도 %1 % (%2) · %3단계</translation>
    </message>
    <message>
        <source>Confusion matrix (numbers: counts)</source>
        <translation>혼동 행렬 (숫자: 개수)</translation>
    </message>
    <message>
        <source>No mistakes among the evaluated test images</source>
        <translation>평가한 테스트 이미지 중 틀린 것이 없습니다</translation>
    </message>
    <message>
        <source>Mistakes: the first %1 of %2</source>
        <translation>틀린 이미지: %2개 중 처음 %1개</translation>
    </message>
    <message>
        <source>Mistakes: all %1</source>
        <translation>틀린 이미지: 전체 %1개</translation>
    </message>
    <message>
        <source>says %1</source>
        <translation>답 %1</translation>
    </message>
    <message>
        <source>is %1</source>
        <translation>정답 %1</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>Classification (2-D)</source>
        <translation>분류 (2차원)</translation>
    </message>
    <message>
        <source>Regression (2-D)</source>
        <translation>회귀 (2차원)</translation>
    </message>
    <message>
        <source>Drawn (2-D)</source>
        <translation>직접 그리기 (2차원)</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>표</translation>
    </message>
    <message>
        <source>Data set</source>
        <translation>데이터 세트</translation>
    </message>
    <message>
        <source>Choose a file or folder…</source>
        <translation>파일 또는 폴더 선택…</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>위치</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>클래스 수</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>잡음</translation>
    </message>
    <message>
        <source>Share of the points used for training; the rest is the test set.</source>
        <translation>훈련에 쓰는 점의 비율입니다. 나머지는 테스트 데이터가 됩니다.</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>훈련 데이터 비율</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>샘플 수</translation>
    </message>
    <message>
        <source>all</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>Train on the first N images only (faster in class).</source>
        <translation>처음 N개 이미지만으로 학습합니다(수업 중에 더 빠릅니다).</translation>
    </message>
    <message>
        <source>Training images</source>
        <translation>훈련 이미지</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>다시 생성</translation>
    </message>
    <message>
        <source>Draw a new set of points (next seed).</source>
        <translation>점을 새로 뽑습니다(다음 시드).</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>Input features</source>
        <translation>입력 특성</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>점</translation>
    </message>
    <message>
        <source>Copy these points into my own data</source>
        <translation>이 점들을 내 데이터로 복사</translation>
    </message>
    <message>
        <source>Make an editable copy of these points, then add or erase points with Draw above the plot.</source>
        <translation>이 점들을 고칠 수 있는 사본으로 만든 뒤, 그래프 위의 그리기로 점을 더하거나 지웁니다.</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>예시 이미지</translation>
    </message>
    <message>
        <source>Folder with IDX files</source>
        <translation>IDX 파일이 있는 폴더</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>CSV 파일</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 파일 (*.csv);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>1 point</source>
        <translation>점 1개</translation>
    </message>
    <message>
        <source>%1 points</source>
        <translation>점 %1개</translation>
    </message>
    <message>
        <source>%1 of class %2</source>
        <translation>클래스 %2: %1개</translation>
    </message>
    <message>
        <source>Turn on Draw above the plot: click to add, drag to spray, right-click to erase.</source>
        <translation>그래프 위의 그리기를 켜세요. 클릭하면 추가, 끌면 여러 개 뿌리기, 오른쪽 클릭하면 지우기입니다.</translation>
    </message>
    <message>
        <source>The first test images and their labels.</source>
        <translation>처음 몇 개의 테스트 이미지와 레이블입니다.</translation>
    </message>
</context>
<context>
    <name>DenseWeightsView</name>
    <message>
        <source>Weight images</source>
        <translation>가중치 이미지</translation>
    </message>
    <message>
        <source>Each small picture is one unit of the first Dense layer: the weight it gives every pixel (yellow = this pixel pushes the unit up, blue = pushes it down). The random starting values hide most of what is learned: tick “Only what training changed” to see the strokes appear.</source>
        <translation>작은 그림 하나가 첫 번째 Dense 층의 유닛 하나이며, 그 유닛이 각 픽셀에 주는 가중치를 보여 줍니다(노랑 = 이 픽셀이 유닛 값을 올림, 파랑 = 내림). 처음의 무작위 값이 학습한 내용을 대부분 가리므로, “학습으로 바뀐 부분만”을 체크하면 획이 드러나는 것을 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>Only what training changed</source>
        <translation>학습으로 바뀐 부분만</translation>
    </message>
    <message>
        <source>Show each weight minus its value when training started: the random starting noise disappears and the learned strokes stand out</source>
        <translation>각 가중치에서 학습을 시작할 때의 값을 뺀 값을 보여 줍니다. 처음의 무작위 잡음이 사라지고 학습한 획이 드러납니다</translation>
    </message>
    <message>
        <source>%1 units</source>
        <translation>유닛 %1개</translation>
    </message>
    <message>
        <source>the first %1 of %2 units</source>
        <translation>유닛 %2개 중 처음 %1개</translation>
    </message>
    <message>
        <source>the change of its input weights since step %1</source>
        <translation>%1단계 이후 입력 가중치의 변화</translation>
    </message>
    <message>
        <source>its input weights</source>
        <translation>입력 가중치</translation>
    </message>
    <message>
        <source>%1 · Dense · %2, each as a %3×%4 image of %5</source>
        <translation>%1 · Dense · %2, 각각 %5을(를) %3×%4 이미지로 표시</translation>
    </message>
    <message>
        <source> (mean over %1 colour channels)</source>
        <translation> (색 채널 %1개의 평균)</translation>
    </message>
    <message>
        <source> · step %1</source>
        <translation> · %1단계</translation>
    </message>
</context>
<context>
    <name>DesignDocument</name>
    <message>
        <source>Add %1 layer</source>
        <translation>%1 층 추가</translation>
    </message>
    <message>
        <source>Remove %1 layer</source>
        <translation>%1 층 삭제</translation>
    </message>
    <message>
        <source>Move %1 layer</source>
        <translation>%1 층 이동</translation>
    </message>
    <message>
        <source>Change %1 of %2</source>
        <translation>%2의 %1 변경</translation>
    </message>
    <message>
        <source>Change %1</source>
        <translation>%1 변경</translation>
    </message>
</context>
<context>
    <name>ExamplesDialog</name>
    <message>
        <source>Examples</source>
        <translation>예제</translation>
    </message>
    <message>
        <source>Open a ready-made design. Your current design stays open until you choose one.</source>
        <translation>미리 만들어 둔 설계를 엽니다. 하나를 고를 때까지 지금 설계는 그대로 열려 있습니다.</translation>
    </message>
    <message>
        <source>No examples were found.</source>
        <translation>예제를 찾지 못했습니다.</translation>
    </message>
    <message>
        <source>This example cannot be opened:
%1</source>
        <translation>이 예제를 열 수 없습니다:
%1</translation>
    </message>
    <message>
        <source>%1 classes</source>
        <translation>클래스 %1개</translation>
    </message>
    <message>
        <source>(no layers)</source>
        <translation>(층 없음)</translation>
    </message>
    <message>
        <source>learning rate %1</source>
        <translation>학습률 %1</translation>
    </message>
    <message>
        <source>batch %1</source>
        <translation>배치 %1</translation>
    </message>
    <message>
        <source>%1 epochs</source>
        <translation>%1 에포크</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>데이터</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>층</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>학습</translation>
    </message>
</context>
<context>
    <name>Extras</name>
    <message>
        <source>Lessons</source>
        <translation>수업</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>내보내기(&amp;E)</translation>
    </message>
    <message>
        <source>Network diagram as image…</source>
        <translation>신경망 그림을 이미지로…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>Export diagram</source>
        <translation>그림 내보내기</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>PyTorch script…</source>
        <translation>PyTorch 스크립트…</translation>
    </message>
    <message>
        <source>Python script (*.py)</source>
        <translation>파이썬 스크립트 (*.py)</translation>
    </message>
    <message>
        <source>Keras script…</source>
        <translation>Keras 스크립트…</translation>
    </message>
    <message>
        <source>ONNX model…</source>
        <translation>ONNX 모델…</translation>
    </message>
    <message>
        <source>ONNX model (*.onnx)</source>
        <translation>ONNX 모델 (*.onnx)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 파일을 내보냈습니다</translation>
    </message>
    <message>
        <source>Saved the diagram to %1</source>
        <translation>그림을 %1에 저장했습니다</translation>
    </message>
    <message>
        <source>Opened the lesson design “%1”</source>
        <translation>수업 설계 “%1”을(를) 열었습니다</translation>
    </message>
</context>
<context>
    <name>GradientFlowView</name>
    <message>
        <source>Gradient flow</source>
        <translation>기울기 흐름</translation>
    </message>
    <message>
        <source>One line per layer: dark = near the input, light = near the output. When the first layers&apos; lines sink far below the others, their gradients vanish and they barely learn.</source>
        <translation>층마다 선이 하나입니다. 어두울수록 입력에 가깝고 밝을수록 출력에 가깝습니다. 앞쪽 층의 선이 다른 선보다 훨씬 아래로 내려가면 그 층의 기울기가 소실되어 거의 학습하지 못합니다.</translation>
    </message>
    <message>
        <source>Gradient norm ‖∂L/∂W‖ of each layer (last batch)</source>
        <translation>층별 기울기 크기 ‖∂L/∂W‖ (마지막 배치)</translation>
    </message>
    <message>
        <source>Step size relative to the weights: ‖lr·∂L/∂W‖ / ‖W‖</source>
        <translation>가중치에 대한 상대적 업데이트 크기: ‖lr·∂L/∂W‖ / ‖W‖</translation>
    </message>
    <message>
        <source>Layers, input → output</source>
        <translation>층, 입력 → 출력</translation>
    </message>
    <message>
        <source>training step</source>
        <translation>학습 단계</translation>
    </message>
    <message>
        <source>This network has no Dense or Conv2D layer with weights.</source>
        <translation>이 신경망에는 가중치가 있는 Dense 층이나 Conv2D 층이 없습니다.</translation>
    </message>
    <message>
        <source>The curves start with the first training step.</source>
        <translation>곡선은 첫 학습 단계부터 그려집니다.</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>&amp;Language</source>
        <translation>언어 / Language(&amp;L)</translation>
    </message>
</context>
<context>
    <name>LayerInspector</name>
    <message>
        <source>More options</source>
        <translation>옵션 더 보기</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>신경망</translation>
    </message>
    <message>
        <source>Select a layer in the network to edit its settings. Drag layers from the palette to add them.</source>
        <translation>신경망에서 층을 선택하면 그 층의 설정을 바꿀 수 있습니다. 층을 추가하려면 팔레트에서 끌어다 놓으세요.</translation>
    </message>
    <message>
        <source>valid (no padding)</source>
        <translation>valid (패딩 없음)</translation>
    </message>
    <message>
        <source>same (keep size)</source>
        <translation>same (크기 유지)</translation>
    </message>
    <message>
        <source>%1 layers · %2 trainable parameters</source>
        <translation>층 %1개 · 학습 가능한 매개변수 %2개</translation>
    </message>
    <message>
        <source>Input %1 → output %2 · %3 parameters</source>
        <translation>입력 %1 → 출력 %2 · 매개변수 %3개</translation>
    </message>
    <message>
        <source>Shapes unknown until the layers before this one are valid.</source>
        <translation>앞쪽 층이 모두 올바르게 설정되어야 모양을 알 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>LayerPalette</name>
    <message>
        <source>Core</source>
        <translation>기본</translation>
    </message>
    <message>
        <source>Convolution</source>
        <translation>합성곱</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>풀링</translation>
    </message>
    <message>
        <source>Normalisation and regularisation</source>
        <translation>정규화와 규제</translation>
    </message>
    <message>
        <source>Structure</source>
        <translation>구조</translation>
    </message>
    <message>
        <source>Layer palette</source>
        <translation>층 팔레트</translation>
    </message>
</context>
<context>
    <name>LessonsPanel</name>
    <message>
        <source>Lessons</source>
        <translation>수업</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ 이전</translation>
    </message>
    <message>
        <source>The previous lesson</source>
        <translation>이전 수업</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>다음 ▶</translation>
    </message>
    <message>
        <source>The next lesson</source>
        <translation>다음 수업</translation>
    </message>
    <message>
        <source>Open this lesson&apos;s design</source>
        <translation>이 수업의 설계 열기</translation>
    </message>
    <message>
        <source>Replace the current design with this lesson&apos;s design and point at the controls to try</source>
        <translation>지금 설계를 이 수업의 설계로 바꾸고 직접 조작해 볼 곳을 알려 줍니다</translation>
    </message>
    <message>
        <source>Language of the lessons</source>
        <translation>수업 언어</translation>
    </message>
    <message>
        <source>⚠ %1 lesson file(s) could not be read</source>
        <translation>⚠ 수업 파일 %1개를 읽을 수 없습니다</translation>
    </message>
    <message>
        <source>Try this</source>
        <translation>해 보기</translation>
    </message>
    <message>
        <source>What to watch</source>
        <translation>눈여겨볼 점</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>단계</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>열기</translation>
    </message>
    <message>
        <source>Show me where</source>
        <translation>어디인지 보기</translation>
    </message>
    <message>
        <source>No lessons were found.</source>
        <translation>수업을 찾지 못했습니다.</translation>
    </message>
</context>
<context>
    <name>LivePlotsPage</name>
    <message>
        <source>%1 has no 2-D input plane, so there is no decision boundary to draw: every input is an image or a table row. The curves below show how well the network learns.</source>
        <translation>%1에는 2차원 입력 평면이 없어 결정 경계를 그릴 수 없습니다. 입력 하나하나가 이미지이거나 표의 한 행이기 때문입니다. 아래 곡선으로 신경망이 얼마나 잘 학습하는지 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>This data set</source>
        <translation>이 데이터 세트</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>Log scale</source>
        <translation>로그 눈금</translation>
    </message>
    <message>
        <source>Show the loss on a logarithmic axis</source>
        <translation>손실을 로그 눈금 축으로 표시합니다</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <source>training step (batch)</source>
        <translation>학습 단계 (배치)</translation>
    </message>
    <message>
        <source>batch loss</source>
        <translation>배치 손실</translation>
    </message>
    <message>
        <source>training</source>
        <translation>훈련</translation>
    </message>
    <message>
        <source>test</source>
        <translation>테스트</translation>
    </message>
    <message>
        <source>training accuracy</source>
        <translation>훈련 정확도</translation>
    </message>
    <message>
        <source>test accuracy</source>
        <translation>테스트 정확도</translation>
    </message>
    <message>
        <source>No training yet</source>
        <translation>아직 학습하지 않았습니다</translation>
    </message>
    <message>
        <source>step {step} · epoch {epoch}</source>
        <translation>{step}단계 · 에포크 {epoch}</translation>
    </message>
    <message>
        <source>training loss {v}</source>
        <translation>훈련 손실 {v}</translation>
    </message>
    <message>
        <source>test loss {v}</source>
        <translation>테스트 손실 {v}</translation>
    </message>
    <message>
        <source>test accuracy {v}</source>
        <translation>테스트 정확도 {v}</translation>
    </message>
    <message>
        <source>step {step}: batch loss {v}</source>
        <translation>{step}단계: 배치 손실 {v}</translation>
    </message>
    <message>
        <source>epoch {e}: training loss {a}, test loss {b}</source>
        <translation>에포크 {e}: 훈련 손실 {a}, 테스트 손실 {b}</translation>
    </message>
    <message>
        <source>accuracy {a} / {b}</source>
        <translation>정확도 {a} / {b}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>Boundary and loss</source>
        <translation>결정 경계와 손실</translation>
    </message>
    <message>
        <source>The network&apos;s output over the input plane with the data, and the loss curves</source>
        <translation>입력 평면 위의 신경망 출력과 데이터, 그리고 손실 곡선</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>층</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>데이터</translation>
    </message>
    <message>
        <source>Layer settings</source>
        <translation>층 설정</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>새로 만들기(&amp;N)</translation>
    </message>
    <message>
        <source>Start a new design</source>
        <translation>새 설계를 시작합니다</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>열기(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a design file</source>
        <translation>설계 파일을 엽니다</translation>
    </message>
    <message>
        <source>&amp;Examples…</source>
        <translation>예제(&amp;E)…</translation>
    </message>
    <message>
        <source>Open one of the example designs</source>
        <translation>예제 설계 중 하나를 엽니다</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>저장(&amp;S)</translation>
    </message>
    <message>
        <source>Save the design</source>
        <translation>설계를 저장합니다</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>다른 이름으로 저장(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the design under a new name</source>
        <translation>설계를 새 이름으로 저장합니다</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>다시 실행</translation>
    </message>
    <message>
        <source>&amp;Delete Layer</source>
        <translation>층 삭제(&amp;D)</translation>
    </message>
    <message>
        <source>Remove the selected layer</source>
        <translation>선택한 층을 삭제합니다</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>재생</translation>
    </message>
    <message>
        <source>Start or pause training (F5)</source>
        <translation>학습을 시작하거나 일시 정지합니다 (F5)</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>한 단계</translation>
    </message>
    <message>
        <source>Train on one batch (F6)</source>
        <translation>배치 하나로 학습합니다 (F6)</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>한 에포크</translation>
    </message>
    <message>
        <source>Train one whole epoch (Ctrl+F6)</source>
        <translation>한 에포크 전체를 학습합니다 (Ctrl+F6)</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>초기화</translation>
    </message>
    <message>
        <source>Start again with fresh weights (F7)</source>
        <translation>새 가중치로 처음부터 다시 시작합니다 (F7)</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>전체 화면(&amp;F)</translation>
    </message>
    <message>
        <source>Show &amp;Neurons</source>
        <translation>뉴런 보기(&amp;N)</translation>
    </message>
    <message>
        <source>Draw every neuron and weight of small dense networks</source>
        <translation>작은 완전 연결 신경망의 모든 뉴런과 가중치를 그립니다</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>정보(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>최근 파일(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>학습(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>Cannot open design</source>
        <translation>설계를 열 수 없습니다</translation>
    </message>
    <message>
        <source>The design %1 could not be opened.</source>
        <translation>설계 %1을(를) 열 수 없습니다.</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>열었습니다: %1</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>저장하지 않은 변경 사항</translation>
    </message>
    <message>
        <source>The design “%1” has unsaved changes. Save them first?</source>
        <translation>설계 “%1”에 저장하지 않은 변경 사항이 있습니다. 먼저 저장할까요?</translation>
    </message>
    <message>
        <source>Open design</source>
        <translation>설계 열기</translation>
    </message>
    <message>
        <source>Designs and trained snapshots (*.json *.nnps);;All files (*)</source>
        <translation>설계와 학습된 스냅숏 (*.json *.nnps);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Cannot open example</source>
        <translation>예제를 열 수 없습니다</translation>
    </message>
    <message>
        <source>Opened the example “%1”</source>
        <translation>예제 “%1”을(를) 열었습니다</translation>
    </message>
    <message>
        <source>Save design</source>
        <translation>설계 저장</translation>
    </message>
    <message>
        <source>Cannot save design</source>
        <translation>설계를 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>저장했습니다: %1</translation>
    </message>
    <message>
        <source>Playground designs (*.json);;All files (*)</source>
        <translation>플레이그라운드 설계 (*.json);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>최근 파일 없음</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>목록 지우기</translation>
    </message>
    <message>
        <source>design</source>
        <translation>설계</translation>
    </message>
    <message>
        <source>%1 (trained snapshot)</source>
        <translation>%1 (학습된 스냅숏)</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>제목 없음</translation>
    </message>
    <message>
        <source>Reset: the network starts again from fresh weights.</source>
        <translation>초기화: 신경망이 새 가중치로 처음부터 다시 시작합니다.</translation>
    </message>
    <message>
        <source>About</source>
        <translation>정보</translation>
    </message>
    <message>
        <source>Neural Network Playground

Design, train and watch small neural networks.</source>
        <translation>신경망 플레이그라운드

작은 신경망을 설계하고, 학습시키고, 지켜보세요.</translation>
    </message>
    <message>
        <source>Pause training (F5)</source>
        <translation>학습 일시 정지 (F5)</translation>
    </message>
    <message>
        <source>Start training (F5)</source>
        <translation>학습 시작 (F5)</translation>
    </message>
    <message>
        <source>Cannot train: %1</source>
        <translation>학습할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>Training stopped: %1</source>
        <translation>학습이 멈췄습니다: %1</translation>
    </message>
    <message>
        <source>The loss exploded (%1). Try a smaller learning rate, then Reset.</source>
        <translation>손실이 폭발적으로 커졌습니다(%1). 학습률을 낮춘 뒤 초기화해 보세요.</translation>
    </message>
    <message>
        <source>Finished %1 epochs.</source>
        <translation>%1 에포크를 마쳤습니다.</translation>
    </message>
    <message>
        <source>Reached the target loss.</source>
        <translation>목표 손실에 도달했습니다.</translation>
    </message>
    <message>
        <source>Epoch %1</source>
        <translation>에포크 %1</translation>
    </message>
    <message>
        <source>Loss: train %1 · test %2</source>
        <translation>손실: 훈련 %1 · 테스트 %2</translation>
    </message>
    <message>
        <source>Accuracy: train %1 · test %2</source>
        <translation>정확도: 훈련 %1 · 테스트 %2</translation>
    </message>
    <message>
        <source>%1 samples/s</source>
        <translation>초당 샘플 수 %1</translation>
    </message>
    <message>
        <source>Accuracy: –</source>
        <translation>정확도: –</translation>
    </message>
    <message>
        <source>CPU (NumPy)</source>
        <translation>CPU (NumPy)</translation>
    </message>
    <message>
        <source>GPU (CuPy)</source>
        <translation>GPU (CuPy)</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>Backend: %1</source>
        <translation>백엔드: %1</translation>
    </message>
    <message>
        <source>Neural Network Playground</source>
        <translation>신경망 플레이그라운드</translation>
    </message>
</context>
<context>
    <name>NetworkEditor</name>
    <message>
        <source>Network editor</source>
        <translation>신경망 편집기</translation>
    </message>
    <message>
        <source>Drag layers here from the palette</source>
        <translation>팔레트에서 층을 여기로 끌어 오세요</translation>
    </message>
    <message>
        <source>Drop layers here</source>
        <translation>여기에 층을 놓으세요</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>%1 classes</source>
        <translation>클래스 %1개</translation>
    </message>
    <message>
        <source>a number (regression)</source>
        <translation>숫자 하나 (회귀)</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>%1 params</source>
        <translation>매개변수 %1개</translation>
    </message>
    <message>
        <source>1 unit</source>
        <translation>유닛 1개</translation>
    </message>
    <message>
        <source>1 layer inside</source>
        <translation>안에 층 1개</translation>
    </message>
    <message>
        <source>rate %1</source>
        <translation>비율 %1</translation>
    </message>
    <message>
        <source>momentum %1</source>
        <translation>모멘텀 %1</translation>
    </message>
    <message>
        <source>%1 units</source>
        <translation>유닛 %1개</translation>
    </message>
    <message>
        <source>%1 layers inside</source>
        <translation>안에 층 %1개</translation>
    </message>
    <message>
        <source>%1 filters %2×%2</source>
        <translation>필터 %1개 %2×%2</translation>
    </message>
    <message>
        <source>stride %1</source>
        <translation>스트라이드 %1</translation>
    </message>
    <message>
        <source>pad %1</source>
        <translation>패딩 %1</translation>
    </message>
</context>
<context>
    <name>NeuronLiveView</name>
    <message>
        <source>neuron %1 of %2</source>
        <translation>%2의 뉴런 %1</translation>
    </message>
    <message>
        <source>Output over the input plane: &lt;b style=&apos;color:#E07B00&apos;&gt;orange&lt;/b&gt; negative, white zero, &lt;b style=&apos;color:#0072B2&apos;&gt;blue&lt;/b&gt; positive.</source>
        <translation>입력 평면 위의 출력: &lt;b style=&apos;color:#E07B00&apos;&gt;주황&lt;/b&gt;은 음수, 흰색은 0, &lt;b style=&apos;color:#0072B2&apos;&gt;파랑&lt;/b&gt;은 양수.</translation>
    </message>
    <message>
        <source>Input %1</source>
        <translation>입력 %1</translation>
    </message>
    <message>
        <source>The feature&apos;s value over the input plane. Inputs have no bias.</source>
        <translation>입력 평면 위에서 이 특성의 값입니다. 입력에는 편향이 없습니다.</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>편향</translation>
    </message>
    <message>
        <source>This layer has no bias.</source>
        <translation>이 층에는 편향이 없습니다.</translation>
    </message>
    <message>
        <source>Weight: %1 → %2</source>
        <translation>가중치: %1 → %2</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>가중치</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#0072B2&apos;&gt;Blue&lt;/b&gt; links are positive weights, &lt;b style=&apos;color:#E07B00&apos;&gt;orange&lt;/b&gt; ones negative; thicker is larger.</source>
        <translation>&lt;b style=&apos;color:#0072B2&apos;&gt;파란&lt;/b&gt; 연결선은 양의 가중치, &lt;b style=&apos;color:#E07B00&apos;&gt;주황&lt;/b&gt; 연결선은 음의 가중치입니다. 두꺼울수록 값이 큽니다.</translation>
    </message>
    <message>
        <source>Bias of %1</source>
        <translation>%1의 편향</translation>
    </message>
    <message>
        <source>Weight %1 %2→%3</source>
        <translation>가중치 %1 %2→%3</translation>
    </message>
    <message>
        <source>%1 set to %2</source>
        <translation>%1 값을 %2(으)로 설정했습니다</translation>
    </message>
</context>
<context>
    <name>ParameterPopup</name>
    <message>
        <source>Type a value and press Enter, or use the arrows (each step applies)</source>
        <translation>값을 입력하고 Enter를 누르거나 화살표를 쓰세요(누를 때마다 바로 적용됩니다)</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>적용</translation>
    </message>
    <message>
        <source>New value:</source>
        <translation>새 값:</translation>
    </message>
    <message>
        <source>%1 now: %2</source>
        <translation>현재 %1: %2</translation>
    </message>
    <message>
        <source>(the picture appears
with the next snapshot)</source>
        <translation>(그림은 다음 갱신 때
나타납니다)</translation>
    </message>
</context>
<context>
    <name>PointEditor</name>
    <message>
        <source>Copy points into my own data</source>
        <translation>점을 내 데이터로 복사</translation>
    </message>
    <message>
        <source>Draw</source>
        <translation>그리기</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>지우기</translation>
    </message>
    <message>
        <source>Erase points: click removes the nearest point, dragging removes every point it touches.</source>
        <translation>점 지우기: 클릭하면 가장 가까운 점을, 끌면 닿는 점을 모두 지웁니다.</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>모두 지우기</translation>
    </message>
    <message>
        <source>Remove every drawn point (Ctrl+Z brings them back).</source>
        <translation>그린 점을 모두 지웁니다(Ctrl+Z로 되돌릴 수 있습니다).</translation>
    </message>
    <message>
        <source>Erase points</source>
        <translation>점 지우기</translation>
    </message>
    <message>
        <source>Draw points</source>
        <translation>점 그리기</translation>
    </message>
    <message>
        <source>Clear all points</source>
        <translation>점 모두 지우기</translation>
    </message>
    <message>
        <source>Draw points with the target %1</source>
        <translation>목푯값이 %1인 점 그리기</translation>
    </message>
    <message>
        <source>Draw points of class %1</source>
        <translation>클래스 %1의 점 그리기</translation>
    </message>
    <message>
        <source>Draw your own points: click to add one of the chosen class, drag to spray, right-click to erase. Ctrl+Z takes back a stroke.</source>
        <translation>점을 직접 그립니다. 클릭하면 고른 클래스의 점을 하나 더하고, 끌면 여러 개를 뿌리고, 오른쪽 클릭하면 지웁니다. Ctrl+Z로 한 획씩 되돌립니다.</translation>
    </message>
    <message>
        <source>Draw your own points, starting from a copy of these points.</source>
        <translation>이 점들의 사본에서 시작해 점을 직접 그립니다.</translation>
    </message>
    <message>
        <source>A data set holds at most %1 drawn points.</source>
        <translation>데이터 세트에는 그린 점을 최대 %1개까지 넣을 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>Presentation</name>
    <message>
        <source>Full screen, larger text, thicker lines and only the essential panels, for a projector (F11)</source>
        <translation>프로젝터용 화면: 전체 화면, 큰 글자, 굵은 선, 꼭 필요한 패널만 표시 (F11)</translation>
    </message>
    <message>
        <source>Stronger, colour-blind-safe colours in the plots</source>
        <translation>그래프에 더 진하고 색각 이상이 있어도 구별하기 쉬운 색을 씁니다</translation>
    </message>
    <message>
        <source>Every keyboard shortcut of the window (F1)</source>
        <translation>이 창의 모든 단축키 (F1)</translation>
    </message>
    <message>
        <source>&amp;Presentation Mode</source>
        <translation>발표 모드(&amp;P)</translation>
    </message>
    <message>
        <source>High-Contrast Colour &amp;Maps</source>
        <translation>고대비 색상(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts…</source>
        <translation>단축키(&amp;K)…</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Recover unsaved work</source>
        <translation>저장하지 않은 작업 복구</translation>
    </message>
    <message>
        <source>The playground did not close normally last time. These designs had changes that were not saved. Restore one to keep working on it.</source>
        <translation>지난번에 플레이그라운드가 정상적으로 종료되지 않았습니다. 아래 설계에 저장하지 않은 변경 사항이 있었습니다. 계속 작업하려면 하나를 복구하세요.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>복구</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>버리기</translation>
    </message>
    <message>
        <source>Delete the selected recovery copy</source>
        <translation>선택한 복구용 사본을 삭제합니다</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>나중에</translation>
    </message>
    <message>
        <source>Keep the recovery copies and decide next time</source>
        <translation>복구용 사본을 남겨 두고 다음에 결정합니다</translation>
    </message>
    <message>
        <source>Untitled design</source>
        <translation>제목 없는 설계</translation>
    </message>
    <message>
        <source>never saved</source>
        <translation>저장한 적 없음</translation>
    </message>
    <message>
        <source>%1 — autosaved %2 — %3</source>
        <translation>%1 — %2 자동 저장 — %3</translation>
    </message>
    <message>
        <source>The design was restored, but its old recovery copy is kept because a new one could not be written. Save the design soon.</source>
        <translation>설계를 복구했지만 새 복구용 사본을 쓰지 못해 이전 사본을 남겨 두었습니다. 곧 설계를 저장하세요.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>Function keys and Ctrl combinations also work while a Korean input method is in Hangul mode.</source>
        <translation>기능 키(F1~F12)와 Ctrl 조합 단축키는 한글 입력 모드에서도 작동합니다.</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>키</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>명령</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>메뉴</translation>
    </message>
</context>
<context>
    <name>SideEditor</name>
    <message>
        <source>(mixed)</source>
        <translation>(여러 가지)</translation>
    </message>
    <message>
        <source>The activation of every hidden layer (the output layer keeps its own)</source>
        <translation>모든 은닉층의 활성화 함수 (출력층의 활성화 함수는 그대로 둡니다)</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation>은닉층</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>옵티마이저</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <source>Initialiser</source>
        <translation>초기화 방법</translation>
    </message>
    <message>
        <source>Regularisation</source>
        <translation>정규화</translation>
    </message>
    <message>
        <source>(no hidden layer)</source>
        <translation>(은닉층 없음)</translation>
    </message>
    <message>
        <source>Units of each hidden Dense layer, e.g. “8, 8” for two layers of 8; 0 for none</source>
        <translation>은닉 Dense 층마다의 유닛 수. 예: “8, 8”은 유닛 8개인 층 두 개, 0은 은닉층 없음</translation>
    </message>
    <message>
        <source>Only a network made of Dense layers can be resized here</source>
        <translation>Dense 층으로만 이루어진 신경망만 여기서 크기를 바꿀 수 있습니다</translation>
    </message>
    <message>
        <source>Type whole numbers separated by commas, e.g. “8, 8” (at most %1 layers)</source>
        <translation>정수를 쉼표로 구분해 입력하세요. 예: “8, 8” (층은 최대 %1개)</translation>
    </message>
</context>
<context>
    <name>SidePanel</name>
    <message>
        <source>The name of this network in the legend (click to change it)</source>
        <translation>범례에 표시되는 이 신경망의 이름 (클릭해서 바꿀 수 있습니다)</translation>
    </message>
    <message>
        <source>Open design…</source>
        <translation>설계 열기…</translation>
    </message>
    <message>
        <source>Compare a saved design on this side (it uses the comparison&apos;s data)</source>
        <translation>저장된 설계를 이쪽에 불러와 비교합니다 (데이터는 이 비교의 데이터를 씁니다)</translation>
    </message>
</context>
<context>
    <name>SnapshotActions</name>
    <message>
        <source>Save the trained network (weights, optimizer state, history) to continue it later</source>
        <translation>학습된 신경망(가중치, 옵티마이저 상태, 기록)을 저장해 나중에 이어서 학습합니다</translation>
    </message>
    <message>
        <source>Save &amp;Trained Snapshot…</source>
        <translation>학습된 스냅숏 저장(&amp;T)…</translation>
    </message>
    <message>
        <source>Save trained snapshot</source>
        <translation>학습된 스냅숏 저장</translation>
    </message>
    <message>
        <source>Trained snapshots (*.nnps);;All files (*)</source>
        <translation>학습된 스냅숏 (*.nnps);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>The trained snapshot was not saved.</source>
        <translation>학습된 스냅숏을 저장하지 못했습니다.</translation>
    </message>
    <message>
        <source>Cannot save trained snapshot</source>
        <translation>학습된 스냅숏을 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>The GPU failed (%1). Training moved to the CPU (NumPy) with the last good weights and goes on.</source>
        <translation>GPU에 문제가 생겼습니다(%1). 마지막으로 정상이던 가중치로 CPU (NumPy)에서 학습을 이어 갑니다.</translation>
    </message>
    <message>
        <source>The GPU failed (%1). Training moved to the CPU (NumPy) with the same weights and goes on.</source>
        <translation>GPU에 문제가 생겼습니다(%1). 같은 가중치로 CPU (NumPy)에서 학습을 이어 갑니다.</translation>
    </message>
    <message>
        <source>Training moved to the CPU</source>
        <translation>학습을 CPU로 옮겼습니다</translation>
    </message>
    <message>
        <source>Saving the trained snapshot %1…</source>
        <translation>학습된 스냅숏 %1을(를) 저장하는 중…</translation>
    </message>
    <message>
        <source>Saved the trained snapshot %1</source>
        <translation>학습된 스냅숏 %1을(를) 저장했습니다</translation>
    </message>
    <message>
        <source>Cannot open trained snapshot</source>
        <translation>학습된 스냅숏을 열 수 없습니다</translation>
    </message>
    <message>
        <source>diverged (%1)</source>
        <translation>발산 (%1)</translation>
    </message>
    <message>
        <source>Learning rate set to %1. Play continues from the last good weights; Reset starts again.</source>
        <translation>학습률을 %1(으)로 바꿨습니다. 재생하면 마지막으로 정상이던 가중치에서 이어 가고, 초기화하면 처음부터 다시 시작합니다.</translation>
    </message>
    <message>
        <source>The design cannot be trained, so there is no trained network to save: %1</source>
        <translation>이 설계는 학습할 수 없어서 저장할 학습된 신경망이 없습니다: %1</translation>
    </message>
    <message>
        <source>Use learning rate %1</source>
        <translation>학습률 %1 사용</translation>
    </message>
    <message>
        <source>Set the learning rate to %1 (Edit ▸ Undo takes it back)</source>
        <translation>학습률을 %1(으)로 바꿉니다 (편집 ▸ 실행 취소로 되돌릴 수 있습니다)</translation>
    </message>
    <message>
        <source>The trained snapshot %1 could not be saved.</source>
        <translation>학습된 스냅숏 %1을(를) 저장할 수 없습니다.</translation>
    </message>
    <message>
        <source>Opened the trained snapshot %1 at epoch %2: Play continues from there.</source>
        <translation>학습된 스냅숏 %1을(를) 에포크 %2 시점으로 열었습니다. 재생하면 거기서부터 이어서 학습합니다.</translation>
    </message>
    <message>
        <source>The loss became %1 at step %2.</source>
        <translation>%2단계에서 손실이 %1이(가) 되었습니다.</translation>
    </message>
    <message>
        <source>The trained snapshot %1 could not be opened.</source>
        <translation>학습된 스냅숏 %1을(를) 열 수 없습니다.</translation>
    </message>
    <message>
        <source>Try a learning rate of %1 (now %2): the loss became %3 at step %4.</source>
        <translation>학습률을 %1(으)로 낮춰 보세요(지금 %2). %4단계에서 손실이 %3이(가) 되었습니다.</translation>
    </message>
</context>
<context>
    <name>TeacherControls</name>
    <message>
        <source>&amp;Teacher Controls…</source>
        <translation>교사 설정(&amp;T)…</translation>
    </message>
    <message>
        <source>Change teacher controls</source>
        <translation>교사 설정 변경</translation>
    </message>
    <message>
        <source>Locked by the teacher</source>
        <translation>교사가 잠금</translation>
    </message>
    <message>
        <source>Some controls are locked by the teacher</source>
        <translation>교사가 일부 항목을 잠갔습니다</translation>
    </message>
    <message>
        <source>Some controls are hidden by the teacher</source>
        <translation>교사가 일부 항목을 숨겼습니다</translation>
    </message>
    <message>
        <source>Locked: %1</source>
        <translation>잠금: %1</translation>
    </message>
    <message>
        <source>Hidden: %1</source>
        <translation>숨김: %1</translation>
    </message>
    <message>
        <source>Edit ▸ Teacher Controls… (Ctrl+Shift+T)</source>
        <translation>편집 ▸ 교사 설정… (Ctrl+Shift+T)</translation>
    </message>
    <message>
        <source>Locked by the teacher: %1</source>
        <translation>교사가 잠근 항목: %1</translation>
    </message>
    <message>
        <source>Teacher controls changed. Save the design to keep them.</source>
        <translation>교사 설정을 바꿨습니다. 유지하려면 설계를 저장하세요.</translation>
    </message>
    <message>
        <source>Hide or lock controls for students (saved in the design)</source>
        <translation>학생에게 보이는 항목을 숨기거나 잠급니다 (설계에 저장됨)</translation>
    </message>
    <message>
        <source>Data set (and its file)</source>
        <translation>데이터 세트 (및 파일)</translation>
    </message>
    <message>
        <source>Input features</source>
        <translation>입력 특성</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>잡음</translation>
    </message>
    <message>
        <source>Share of training data</source>
        <translation>훈련 데이터 비율</translation>
    </message>
    <message>
        <source>Number of samples or images</source>
        <translation>샘플 또는 이미지 수</translation>
    </message>
    <message>
        <source>Number of classes</source>
        <translation>클래스 수</translation>
    </message>
    <message>
        <source>Data seed and Regenerate</source>
        <translation>데이터 시드와 다시 생성</translation>
    </message>
    <message>
        <source>Drawing your own data points</source>
        <translation>데이터 점 직접 그리기</translation>
    </message>
    <message>
        <source>Adding layers (the layer palette)</source>
        <translation>층 추가 (층 팔레트)</translation>
    </message>
    <message>
        <source>Changing the network (move, delete, layer settings)</source>
        <translation>신경망 바꾸기 (이동, 삭제, 층 설정)</translation>
    </message>
    <message>
        <source>Typing single weights and biases (neuron popup)</source>
        <translation>가중치와 편향 직접 입력 (뉴런 팝업)</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>Optimizer and its settings</source>
        <translation>옵티마이저와 그 설정</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <source>Loss function</source>
        <translation>손실 함수</translation>
    </message>
    <message>
        <source>Regularisation (L1, L2)</source>
        <translation>정규화 (L1, L2)</translation>
    </message>
    <message>
        <source>Activation functions</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <source>Epochs and stopping</source>
        <translation>에포크 수와 학습 중지</translation>
    </message>
    <message>
        <source>Initial weights and training seed</source>
        <translation>초기 가중치와 학습 시드</translation>
    </message>
    <message>
        <source>Compute on (CPU or GPU)</source>
        <translation>계산 장치 (CPU 또는 GPU)</translation>
    </message>
    <message>
        <source>Play / Pause</source>
        <translation>재생 / 일시 정지</translation>
    </message>
    <message>
        <source>Step (one batch, one epoch)</source>
        <translation>한 단계 (배치 하나, 에포크 하나)</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>초기화</translation>
    </message>
    <message>
        <source>Tab: Boundary and loss</source>
        <translation>탭: 결정 경계와 손실</translation>
    </message>
    <message>
        <source>Tab: CNN filters</source>
        <translation>탭: CNN 필터</translation>
    </message>
    <message>
        <source>Tab: Weight images</source>
        <translation>탭: 가중치 이미지</translation>
    </message>
    <message>
        <source>Tab: Gradient flow</source>
        <translation>탭: 기울기 흐름</translation>
    </message>
    <message>
        <source>Tab: Confusion matrix</source>
        <translation>탭: 혼동 행렬</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>데이터</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>신경망</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>화면</translation>
    </message>
</context>
<context>
    <name>TeacherDialog</name>
    <message>
        <source>Teacher Controls</source>
        <translation>교사 설정</translation>
    </message>
    <message>
        <source>Choose what students see and can change in this design. Hidden controls disappear; locked ones stay visible but cannot be changed. The choice is saved in the design file.</source>
        <translation>이 설계에서 학생이 보고 바꿀 수 있는 항목을 고릅니다. 숨긴 항목은 화면에서 사라지고, 잠근 항목은 보이지만 바꿀 수 없습니다. 이 선택은 설계 파일에 저장됩니다.</translation>
    </message>
    <message>
        <source>These settings are protected. Teacher PIN:</source>
        <translation>이 설정은 보호되어 있습니다. 교사 PIN:</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>잠금 해제</translation>
    </message>
    <message>
        <source>Control</source>
        <translation>항목</translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation>숨김</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>잠금</translation>
    </message>
    <message>
        <source>New PIN (optional):</source>
        <translation>새 PIN (선택 사항):</translation>
    </message>
    <message>
        <source>keep the current PIN</source>
        <translation>현재 PIN 유지</translation>
    </message>
    <message>
        <source>no PIN</source>
        <translation>PIN 없음</translation>
    </message>
    <message>
        <source>Asked before these settings can be changed again. It stops casual clicks, not file editing.</source>
        <translation>이 설정을 다시 바꾸기 전에 PIN을 묻습니다. 무심코 누르는 것은 막지만, 파일을 직접 고치는 것까지 막지는 못합니다.</translation>
    </message>
    <message>
        <source>Remove the PIN</source>
        <translation>PIN 삭제</translation>
    </message>
    <message>
        <source>Clear All</source>
        <translation>모두 해제</translation>
    </message>
    <message>
        <source>Show and unlock every control</source>
        <translation>모든 항목을 보이고 잠금을 해제합니다</translation>
    </message>
    <message>
        <source>A tab can only be hidden</source>
        <translation>탭은 숨기기만 할 수 있습니다</translation>
    </message>
    <message>
        <source>That PIN is not right.</source>
        <translation>PIN이 맞지 않습니다.</translation>
    </message>
</context>
<context>
    <name>TrainPanel</name>
    <message>
        <source>More settings</source>
        <translation>설정 더 보기</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>옵티마이저</translation>
    </message>
    <message>
        <source>How big a step each update takes. Pick a value or type one.</source>
        <translation>업데이트 한 번에 얼마나 크게 움직일지 정합니다. 값을 고르거나 직접 입력하세요.</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>모멘텀</translation>
    </message>
    <message>
        <source>How much of the previous update is kept (0 = plain SGD).</source>
        <translation>이전 업데이트를 얼마나 이어 갈지 정합니다(0 = 기본 SGD).</translation>
    </message>
    <message>
        <source>Rho</source>
        <translation>로(ρ)</translation>
    </message>
    <message>
        <source>Decay of the running average of squared gradients.</source>
        <translation>기울기 제곱의 이동 평균에 쓰는 감쇠율입니다.</translation>
    </message>
    <message>
        <source>Beta 1</source>
        <translation>베타 1</translation>
    </message>
    <message>
        <source>Decay of the running average of gradients.</source>
        <translation>기울기의 이동 평균에 쓰는 감쇠율입니다.</translation>
    </message>
    <message>
        <source>Beta 2</source>
        <translation>베타 2</translation>
    </message>
    <message>
        <source>Epsilon</source>
        <translation>엡실론</translation>
    </message>
    <message>
        <source>Small number that keeps divisions finite.</source>
        <translation>0으로 나누는 일을 막는 작은 수입니다.</translation>
    </message>
    <message>
        <source>How many examples each update looks at.</source>
        <translation>업데이트 한 번에 보는 샘플 수입니다.</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>손실 함수</translation>
    </message>
    <message>
        <source>Huber delta</source>
        <translation>후버 델타</translation>
    </message>
    <message>
        <source>Penalties that keep the weights small (regularisation).</source>
        <translation>가중치를 작게 유지하는 벌점입니다(정규화).</translation>
    </message>
    <message>
        <source>Regularisation</source>
        <translation>정규화</translation>
    </message>
    <message>
        <source>Initializer</source>
        <translation>초기화 방법</translation>
    </message>
    <message>
        <source>a of uniform(-a, a), or the standard deviation of normal.</source>
        <translation>균등 분포 uniform(-a, a)의 a, 또는 정규 분포의 표준편차입니다.</translation>
    </message>
    <message>
        <source>Initial scale</source>
        <translation>초기 범위</translation>
    </message>
    <message>
        <source>The value every bias starts from.</source>
        <translation>모든 편향의 시작 값입니다.</translation>
    </message>
    <message>
        <source>Initial bias</source>
        <translation>편향 초깃값</translation>
    </message>
    <message>
        <source>Training stops after this many passes over the training data.</source>
        <translation>훈련 데이터를 이 횟수만큼 다 돌면 학습을 멈춥니다.</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>에포크 수</translation>
    </message>
    <message>
        <source>Stop training once the test loss falls below this value.</source>
        <translation>테스트 손실이 이 값보다 낮아지면 학습을 멈춥니다.</translation>
    </message>
    <message>
        <source>Stop at loss</source>
        <translation>목표 손실</translation>
    </message>
    <message>
        <source>Same seed, same starting weights and batch order.</source>
        <translation>시드가 같으면 시작 가중치와 배치 순서도 같습니다.</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>CPU (NumPy)</source>
        <translation>CPU (NumPy)</translation>
    </message>
    <message>
        <source>GPU: checking…</source>
        <translation>GPU: 확인 중…</translation>
    </message>
    <message>
        <source>Compute on</source>
        <translation>계산 장치</translation>
    </message>
    <message>
        <source>Looking for a usable NVIDIA GPU in the background.</source>
        <translation>사용할 수 있는 NVIDIA GPU를 백그라운드에서 찾고 있습니다.</translation>
    </message>
    <message>
        <source>GPU (CuPy): %1</source>
        <translation>GPU (CuPy): %1</translation>
    </message>
    <message>
        <source>GPU: not available</source>
        <translation>GPU: 사용할 수 없음</translation>
    </message>
    <message>
        <source>Checking for a GPU…</source>
        <translation>GPU 확인 중…</translation>
    </message>
    <message>
        <source>Training runs on the CPU with NumPy.</source>
        <translation>NumPy로 CPU에서 학습합니다.</translation>
    </message>
    <message>
        <source>Training runs on the GPU %1.</source>
        <translation>GPU %1에서 학습합니다.</translation>
    </message>
    <message>
        <source>Small networks run on the CPU; large ones on the GPU %1.</source>
        <translation>작은 신경망은 CPU에서, 큰 신경망은 GPU %1에서 학습합니다.</translation>
    </message>
    <message>
        <source>The GPU cannot be used: %1</source>
        <translation>GPU를 사용할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>No usable GPU (%1); training runs on the CPU.</source>
        <translation>사용할 수 있는 GPU가 없어(%1) CPU에서 학습합니다.</translation>
    </message>
</context>
<context>
    <name>catalog</name>
    <message>
        <source>Units</source>
        <translation>유닛 수</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>알파(α)</translation>
    </message>
    <message>
        <source>Use bias</source>
        <translation>편향 사용</translation>
    </message>
    <message>
        <source>Initializer</source>
        <translation>초기화 방법</translation>
    </message>
    <message>
        <source>L1 penalty</source>
        <translation>L1 벌점</translation>
    </message>
    <message>
        <source>L2 penalty</source>
        <translation>L2 벌점</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>필터 수</translation>
    </message>
    <message>
        <source>Kernel size</source>
        <translation>커널 크기</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>스트라이드</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>패딩</translation>
    </message>
    <message>
        <source>Pool size</source>
        <translation>풀링 크기</translation>
    </message>
    <message>
        <source>Drop rate</source>
        <translation>드롭아웃 비율</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>모멘텀</translation>
    </message>
    <message>
        <source>Epsilon</source>
        <translation>엡실론</translation>
    </message>
    <message>
        <source>Folded in editor</source>
        <translation>편집기에서 접기</translation>
    </message>
    <message>
        <source>Training default</source>
        <translation>학습 설정 따름</translation>
    </message>
    <message>
        <source>Glorot uniform</source>
        <translation>Glorot 균등 분포</translation>
    </message>
    <message>
        <source>Glorot normal</source>
        <translation>Glorot 정규 분포</translation>
    </message>
    <message>
        <source>He uniform</source>
        <translation>He 균등 분포</translation>
    </message>
    <message>
        <source>He normal</source>
        <translation>He 정규 분포</translation>
    </message>
    <message>
        <source>Uniform</source>
        <translation>균등 분포</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>정규 분포</translation>
    </message>
    <message>
        <source>Zeros</source>
        <translation>0으로 초기화</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>linear (선형)</translation>
    </message>
    <message>
        <source>step</source>
        <translation>계단 함수</translation>
    </message>
    <message>
        <source>sigmoid</source>
        <translation>시그모이드</translation>
    </message>
    <message>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>leaky ReLU</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <source>PReLU</source>
        <translation>PReLU</translation>
    </message>
    <message>
        <source>ELU</source>
        <translation>ELU</translation>
    </message>
    <message>
        <source>softmax</source>
        <translation>소프트맥스</translation>
    </message>
    <message>
        <source>GELU</source>
        <translation>GELU</translation>
    </message>
    <message>
        <source>SiLU</source>
        <translation>SiLU</translation>
    </message>
    <message>
        <source>softplus</source>
        <translation>소프트플러스</translation>
    </message>
    <message>
        <source>MSE</source>
        <translation>MSE</translation>
    </message>
    <message>
        <source>MAE</source>
        <translation>MAE</translation>
    </message>
    <message>
        <source>Huber</source>
        <translation>후버 손실</translation>
    </message>
    <message>
        <source>binary CE</source>
        <translation>이진 CE</translation>
    </message>
    <message>
        <source>categorical CE</source>
        <translation>범주형 CE</translation>
    </message>
    <message>
        <source>mean squared error</source>
        <translation>평균 제곱 오차</translation>
    </message>
    <message>
        <source>mean absolute error</source>
        <translation>평균 절대 오차</translation>
    </message>
    <message>
        <source>binary cross-entropy</source>
        <translation>이진 교차 엔트로피</translation>
    </message>
    <message>
        <source>categorical cross-entropy</source>
        <translation>범주형 교차 엔트로피</translation>
    </message>
    <message>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>SGD with momentum</source>
        <translation>모멘텀 SGD</translation>
    </message>
    <message>
        <source>Nesterov momentum</source>
        <translation>네스테로프 모멘텀</translation>
    </message>
    <message>
        <source>Adagrad</source>
        <translation>Adagrad</translation>
    </message>
    <message>
        <source>RMSprop</source>
        <translation>RMSprop</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>Nadam</source>
        <translation>Nadam</translation>
    </message>
    <message>
        <source>Perceptron rule</source>
        <translation>퍼셉트론 학습 규칙</translation>
    </message>
    <message>
        <source>Dense</source>
        <translation>완전 연결층 (Dense)</translation>
    </message>
    <message>
        <source>Every output is a weighted sum of all inputs plus a bias, then an activation.</source>
        <translation>각 출력은 모든 입력의 가중합에 편향을 더한 뒤 활성화 함수를 거친 값입니다.</translation>
    </message>
    <message>
        <source>Number of neurons.</source>
        <translation>뉴런의 개수입니다.</translation>
    </message>
    <message>
        <source>Function applied to each output.</source>
        <translation>각 출력에 적용하는 함수입니다.</translation>
    </message>
    <message>
        <source>Slope for negative inputs (leaky ReLU, initial PReLU slope) or ELU scale.</source>
        <translation>음수 입력에 대한 기울기(Leaky ReLU, PReLU의 초기 기울기) 또는 ELU의 크기 배율입니다.</translation>
    </message>
    <message>
        <source>Add a learned bias to every output.</source>
        <translation>모든 출력에 학습되는 편향을 더합니다.</translation>
    </message>
    <message>
        <source>How the weights start; &apos;default&apos; uses the training settings.</source>
        <translation>가중치의 처음 값을 정하는 방법입니다. &apos;학습 설정 따름&apos;은 학습 설정의 초기화 방법을 씁니다.</translation>
    </message>
    <message>
        <source>Extra L1 penalty on this layer&apos;s weights.</source>
        <translation>이 층의 가중치에만 더하는 L1 벌점입니다.</translation>
    </message>
    <message>
        <source>Extra L2 penalty on this layer&apos;s weights.</source>
        <translation>이 층의 가중치에만 더하는 L2 벌점입니다.</translation>
    </message>
    <message>
        <source>Applies an activation function to every value on its own.</source>
        <translation>각 값에 활성화 함수를 하나씩 따로 적용합니다.</translation>
    </message>
    <message>
        <source>Conv2D</source>
        <translation>2D 합성곱층 (Conv2D)</translation>
    </message>
    <message>
        <source>Slides small learned filters over the image; each filter finds one local pattern.</source>
        <translation>학습된 작은 필터를 이미지 위로 옮겨 가며 훑습니다. 필터마다 국소적인 패턴 하나를 찾습니다.</translation>
    </message>
    <message>
        <source>Number of filters (output channels).</source>
        <translation>필터의 개수(출력 채널 수)입니다.</translation>
    </message>
    <message>
        <source>Filter width and height.</source>
        <translation>필터의 가로세로 크기입니다.</translation>
    </message>
    <message>
        <source>Step between filter positions.</source>
        <translation>필터가 한 번에 이동하는 칸 수입니다.</translation>
    </message>
    <message>
        <source>&apos;valid&apos; (no padding), &apos;same&apos; (keep size) or a number of border pixels.</source>
        <translation>&apos;valid&apos;(패딩 없음), &apos;same&apos;(크기 유지) 또는 가장자리에 덧붙일 픽셀 수입니다.</translation>
    </message>
    <message>
        <source>MaxPool2D</source>
        <translation>최대 풀링 (MaxPool2D)</translation>
    </message>
    <message>
        <source>Keeps the largest value of each window, shrinking the image.</source>
        <translation>각 창에서 가장 큰 값만 남겨 이미지를 줄입니다.</translation>
    </message>
    <message>
        <source>Window width and height.</source>
        <translation>창의 가로세로 크기입니다.</translation>
    </message>
    <message>
        <source>Step between windows.</source>
        <translation>창이 한 번에 이동하는 칸 수입니다.</translation>
    </message>
    <message>
        <source>AvgPool2D</source>
        <translation>평균 풀링 (AvgPool2D)</translation>
    </message>
    <message>
        <source>Averages each window, shrinking the image.</source>
        <translation>각 창의 평균을 내어 이미지를 줄입니다.</translation>
    </message>
    <message>
        <source>Flatten</source>
        <translation>평탄화 (Flatten)</translation>
    </message>
    <message>
        <source>Turns an image-shaped input into one long vector for dense layers.</source>
        <translation>이미지 모양의 입력을 완전 연결층에 넣을 수 있도록 긴 벡터 하나로 펼칩니다.</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>드롭아웃 (Dropout)</translation>
    </message>
    <message>
        <source>While training, randomly switches off a fraction of values to fight overfitting.</source>
        <translation>학습하는 동안 값의 일부를 무작위로 꺼서 과대적합을 막습니다.</translation>
    </message>
    <message>
        <source>Fraction of values dropped.</source>
        <translation>끄는 값의 비율입니다.</translation>
    </message>
    <message>
        <source>BatchNorm</source>
        <translation>배치 정규화 (BatchNorm)</translation>
    </message>
    <message>
        <source>Normalises each feature or channel over the batch, then scales and shifts it.</source>
        <translation>배치 전체에 걸쳐 각 특성이나 채널을 정규화한 뒤 크기를 조정하고 이동합니다.</translation>
    </message>
    <message>
        <source>Weight of the old running statistics.</source>
        <translation>이전 이동 평균 통계에 주는 가중치입니다.</translation>
    </message>
    <message>
        <source>Small number added to the variance.</source>
        <translation>분산에 더하는 작은 수입니다.</translation>
    </message>
    <message>
        <source>Residual</source>
        <translation>잔차 블록 (Residual)</translation>
    </message>
    <message>
        <source>Adds its input to the output of the layers inside it (a skip connection).</source>
        <translation>입력을 안쪽 층들의 출력에 더합니다(스킵 연결).</translation>
    </message>
    <message>
        <source>Draw the block folded in the editor.</source>
        <translation>편집기에서 블록을 접어서 그립니다.</translation>
    </message>
</context>
<context>
    <name>datasets</name>
    <message>
        <source>circle</source>
        <translation>원</translation>
    </message>
    <message>
        <source>XOR</source>
        <translation>XOR</translation>
    </message>
    <message>
        <source>two Gaussians</source>
        <translation>두 가우시안</translation>
    </message>
    <message>
        <source>spiral</source>
        <translation>나선</translation>
    </message>
    <message>
        <source>moons</source>
        <translation>반달</translation>
    </message>
    <message>
        <source>blobs</source>
        <translation>무리</translation>
    </message>
    <message>
        <source>spirals</source>
        <translation>여러 나선</translation>
    </message>
    <message>
        <source>plane (regression)</source>
        <translation>평면 (회귀)</translation>
    </message>
    <message>
        <source>multi Gaussian (regression)</source>
        <translation>다중 가우시안 (회귀)</translation>
    </message>
    <message>
        <source>my own data</source>
        <translation>내 데이터</translation>
    </message>
    <message>
        <source>MNIST digits</source>
        <translation>MNIST 숫자</translation>
    </message>
    <message>
        <source>IDX images</source>
        <translation>IDX 이미지</translation>
    </message>
    <message>
        <source>CSV table</source>
        <translation>CSV 표</translation>
    </message>
</context>
</TS>
